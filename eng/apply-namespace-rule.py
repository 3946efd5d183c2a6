#!/usr/bin/env python3
"""Applies the namespace rule of docs/ARCHITECTURE.md to the core, idempotently (run from anywhere; rerun after a merge).

The core's public types live in `PosAuth`, except the persistence seams in `PosAuth.Storage` (STORAGE_FILES below).
It rewrites the `namespace` line of each core file, drops `using PosAuth.<old>;` lines everywhere (src, tests, samples,
benchmarks), adds `using PosAuth;` / `using PosAuth.Storage;` where a file needs them, rewrites fully qualified names and
partially qualified crefs, and sorts the leading using block of the files it changed (System first). Build afterwards.
"""
import os
import re

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
OLD = ['Audit', 'Authentication', 'Authorization', 'Diagnostics', 'Integration', 'Operators', 'Recovery', 'Secrets', 'Time']
STORAGE_FILES = {
    'Operators/IOperatorStore.cs', 'Operators/InMemoryOperatorStore.cs', 'Operators/OperatorStoreArguments.cs',
    'Authentication/ISignInStore.cs', 'Audit/IAuditStore.cs', 'Audit/InMemoryAuditStore.cs', 'Audit/AuditRecord.cs',
    'Audit/AuditStoreSink.cs', 'Audit/Chain/AuditChain.cs', 'Audit/Chain/AuditChainBreak.cs', 'Audit/Chain/AuditChainHead.cs',
    'Audit/Chain/AuditChainRecord.cs', 'Audit/Chain/AuditChainVerification.cs', 'Secrets/IInstallationSecretStore.cs',
    'Secrets/InMemoryInstallationSecretStore.cs', 'Secrets/InstallationSecretNames.cs',
}
OLD_ALT = '|'.join(OLD)


def cs_files(top):
    for dp, _, fn in os.walk(os.path.join(ROOT, top)):
        if os.sep + 'bin' in dp or os.sep + 'obj' in dp:
            continue
        for f in fn:
            if f.endswith('.cs'):
                yield os.path.join(dp, f)


def sort_usings(s):
    lines = s.split('\n')
    i = 0
    while i < len(lines) and lines[i].startswith('using ') and not lines[i].startswith(('using (', 'using var')):
        i += 1
    block = lines[:i]
    if not block or any(u.startswith('using static') or '=' in u for u in block):
        return s

    def key(u):
        n = u[6:].rstrip(';')
        return (0 if n == 'System' or n.startswith('System.') else 1, n.lower())
    lines[:i] = sorted(dict.fromkeys(block), key=key)
    return '\n'.join(lines)


def main():
    core = os.path.join(ROOT, 'src', 'PosAuth')
    storage_types = set()
    for p in cs_files('src/PosAuth'):
        rel = os.path.relpath(p, core).replace(os.sep, '/')
        s = open(p, encoding='utf-8').read()
        target = 'PosAuth.Storage' if rel in STORAGE_FILES else 'PosAuth'
        if target == 'PosAuth.Storage':
            storage_types.update(re.findall(r'^(?:public|internal)[\w ]* (?:class|interface|enum|struct|record(?: struct)?) (\w+)', s, re.M))
        m = re.search(r'^namespace PosAuth\.(%s);' % OLD_ALT, s, re.M)
        if m:
            open(p, 'w', encoding='utf-8').write(s[:m.start()] + 'namespace %s;' % target + s[m.end():])

    using_re = re.compile(r'^using PosAuth\.(%s);\r?\n' % OLD_ALT, re.M)
    changed = 0
    for top in ['src', 'tests', 'samples', 'benchmarks']:
        for p in cs_files(top):
            s = open(p, encoding='utf-8').read()
            had = using_re.findall(s)
            s2 = using_re.sub('', s)
            # Recovery.Ocra / Recovery.OfflineUnlock: the seams branch's namespaces before PosAuth.OfflineUnlock; left alone.
            s2 = re.sub(r'\bPosAuth\.(%s)\.(?!Ocra\b|OfflineUnlock\b)(\w+)' % OLD_ALT,
                        lambda m: ('PosAuth.Storage.' if m.group(2) in storage_types else 'PosAuth.') + m.group(2), s2)
            s2 = re.sub(r'cref="(%s)\.(?!Ocra\.|OfflineUnlock\.)([A-Z])' % OLD_ALT, r'cref="\2', s2)
            s2 = re.sub(r'(?<![\w.])Recovery\.RecoveryOptions\b', 'RecoveryOptions', s2)  # PosAuthOptions: type vs property name
            s2 = re.sub(r'typeof\((%s)\.([A-Z]\w*)\)' % OLD_ALT, r'typeof(\2)', s2)
            if had:
                nsm = re.search(r'^namespace ([\w.]+)', s2, re.M)
                ns = nsm.group(1) if nsm else ''
                add = []
                if not (ns == 'PosAuth' or ns.startswith('PosAuth.')) and not re.search(r'^using PosAuth;', s2, re.M):
                    add.append('using PosAuth;\n')
                uses_storage = any(re.search(r'\b%s\b' % t, s2) for t in storage_types)
                if uses_storage and not ns.startswith('PosAuth.Storage') and not re.search(r'^using PosAuth\.Storage;', s2, re.M):
                    add.append('using PosAuth.Storage;\n')
                if add:
                    m = re.search(r'^(using |namespace )', s2, re.M)
                    idx = m.start() if m else 0
                    s2 = s2[:idx] + ''.join(add) + s2[idx:]
                s2 = sort_usings(s2)
            if s2 != s:
                open(p, 'w', encoding='utf-8').write(s2)
                changed += 1
    print(f'{changed} files changed; storage types: {", ".join(sorted(storage_types))}')


if __name__ == '__main__':
    main()

using Microsoft.Extensions.Logging;

namespace PosAuth;

/// <summary>
/// An <see cref="IAuditSink"/> that writes each event to <see cref="ILogger"/> as a structured
/// message (category <c>PosAuth.Audit</c>). Events carry no secrets, so neither does the log.
/// </summary>
public sealed partial class LoggerAuditSink : IAuditSink
{
    private readonly ILogger _logger;

    /// <summary>Creates the sink.</summary>
    /// <param name="loggerFactory">The logger factory.</param>
    public LoggerAuditSink(ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _logger = loggerFactory.CreateLogger("PosAuth.Audit");
    }

    /// <inheritdoc />
    public ValueTask WriteAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        LogLevel level = auditEvent.Type switch
        {
            AuditEventType.OperatorLocked or AuditEventType.TerminalThrottled or AuditEventType.CorruptPinHash
                or AuditEventType.OfflineUnlockFailed or AuditEventType.FactoryReset or AuditEventType.ManagementDenied => LogLevel.Warning,
            AuditEventType.SignInFailed or AuditEventType.SignInRejectedLocked or AuditEventType.AuthorizationDenied => LogLevel.Information,
            _ => LogLevel.Information,
        };
        Log(_logger, level, auditEvent.Type, auditEvent.TerminalId, auditEvent.OperatorId, auditEvent.ActorId, auditEvent.Code, auditEvent.Detail, auditEvent.Timestamp);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(EventId = 1000, Message = "Audit {EventType} terminal={TerminalId} operator={OperatorId} actor={ActorId} code={Code} detail={Detail} at {Timestamp}")]
    private static partial void Log(ILogger logger, LogLevel level, AuditEventType eventType, string? terminalId, string? operatorId, string? actorId, string? code, string? detail, DateTimeOffset timestamp);
}

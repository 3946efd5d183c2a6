namespace PosAuth.BackOffice;

/// <summary>The kinds of back-office user, and what each may do (the permission table in the package README).</summary>
public enum BackOfficeUserKind
{
    /// <summary>A head-office administrator: every site, the users, the sites; two-factor sign-in is required.</summary>
    HeadOfficeAdministrator = 1,

    /// <summary>A store manager: the operators, lanes, audit and offline unlocks of their own sites only; two-factor sign-in is optional (by option).</summary>
    StoreManager = 2,
}

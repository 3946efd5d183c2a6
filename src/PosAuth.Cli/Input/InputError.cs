namespace PosAuth.Cli.Input;

/// <summary>Why a line of input could not be read.</summary>
internal enum InputError
{
    None = 0,
    Empty,
    TooLong,
    MoreThanOneLine,
    NotUtf8,
    NotFound,
    IsDirectory,
    AccessDenied,
    Unreadable,
    Cancelled,
}

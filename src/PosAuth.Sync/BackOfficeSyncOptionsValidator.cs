using Microsoft.Extensions.Options;

namespace PosAuth.Sync;

internal sealed class BackOfficeSyncOptionsValidator : IValidateOptions<BackOfficeSyncOptions>
{
    public ValidateOptionsResult Validate(string? name, BackOfficeSyncOptions o)
    {
        var errors = new List<string>();
        if (o.BackOffice is not { IsAbsoluteUri: true } uri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || !string.IsNullOrEmpty(uri.Query))
        {
            errors.Add($"{nameof(o.BackOffice)} must be an absolute http(s) address without a query (https in production).");
        }

        if (o.Credentials is null)
        {
            errors.Add($"{nameof(o.Credentials)} are required.");
        }

        if (string.IsNullOrWhiteSpace(o.StatePath))
        {
            errors.Add($"{nameof(o.StatePath)} is required (UseSqlite sets it next to the database).");
        }

        Check(errors, nameof(o.LongPollTimeout), o.LongPollTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        Check(errors, nameof(o.RequestTimeout), o.RequestTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(2));
        Check(errors, nameof(o.RetryDelay), o.RetryDelay, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1));
        Check(errors, nameof(o.MaxRetryDelay), o.MaxRetryDelay, o.RetryDelay, TimeSpan.FromHours(1));
        Check(errors, nameof(o.PushInterval), o.PushInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
        if (o.LeaseSize is < 0 or > 10)
        {
            errors.Add($"{nameof(o.LeaseSize)} must be between 0 and 10 (it is {o.LeaseSize}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(List<string> errors, string name, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{name} must be between {min} and {max} (it is {value}).");
        }
    }
}

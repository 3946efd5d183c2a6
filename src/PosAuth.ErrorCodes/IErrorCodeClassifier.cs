namespace PosAuth.ErrorCodes;

/// <summary>Classifies response codes (ISO 8583, UnionPay, device, transport) into categories, actions and messages.</summary>
public interface IErrorCodeClassifier
{
    /// <summary>
    /// Classifies a code. Never throws for any code value: a missing, malformed or unknown code yields a
    /// classification with <see cref="ErrorCategory.Unknown"/>, action <see cref="RecommendedAction.ContactAcquirer"/>
    /// and the message 交易失败 / "Transaction failed". Surrounding whitespace is ignored and letters are upper-cased.
    /// </summary>
    /// <param name="source">The table to use.</param>
    /// <param name="code">The code as received (for example field 39).</param>
    /// <returns>The classification; for known codes a shared, pre-built instance.</returns>
    ErrorClassification Classify(ErrorSource source, string? code);
}

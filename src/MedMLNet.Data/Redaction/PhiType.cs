namespace MedMLNet.Data;

/// <summary>Kinds of protected health information; each is replaced by its placeholder, e.g. <c>[PHONE]</c>.</summary>
public enum PhiType
{
    /// <summary>Person names in salutations, signatures, self-introductions and with titles (Dr. X, 王医生).</summary>
    Name,
    /// <summary>Phone and fax numbers (US, international, Chinese mobile 1[3-9]xxxxxxxxx and landlines).</summary>
    Phone,
    /// <summary>E-mail addresses.</summary>
    Email,
    /// <summary>URLs and bare web domains.</summary>
    Url,
    /// <summary>IPv4 and IPv6 addresses.</summary>
    Ip,
    /// <summary>Street addresses (EN) and 省/市/区/路/号 addresses (ZH).</summary>
    Address,
    /// <summary>Dates finer than a year (day or month); a bare year is kept.</summary>
    Date,
    /// <summary>Ages over 89.</summary>
    Age,
    /// <summary>Identity and account numbers: US SSN, 18-digit 身份证 (checksum-valid), insurance/account/passport numbers.</summary>
    Id,
    /// <summary>Medical record, chart, admission numbers (MRN, 病历号, 住院号).</summary>
    Mrn,
}

/// <summary>Placeholder text of each <see cref="PhiType"/>.</summary>
public static class PhiTypes
{
    /// <summary>"NAME", "PHONE", ... (the name used in placeholders, reports and JSON).</summary>
    public static string Label(this PhiType type) => type.ToString().ToUpperInvariant();

    /// <summary>"[NAME]", "[PHONE]", ...</summary>
    public static string Placeholder(this PhiType type) => $"[{type.Label()}]";
}

using System.Text.RegularExpressions;

namespace MedMLNet.Data.Redaction;

/// <summary>English (and script-neutral) identifier patterns: e-mail, URL, IP, phone, SSN, MRN/account ids, dates, ages over 89, street addresses, names.</summary>
internal static partial class EnglishPhiPatterns
{
    private const string Month = @"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?";
    private const string Institution = @"(?:Hospital|University|Medical|Memorial|Center|Centre|Clinic|Institute|College|School|Foundation|Syndrome|Disease|Health|Cancer|Children's|Research|Trust|Infirmary)\b";
    private const string NameWord = @"(?:[A-Z][a-z]+(?:['’\-][A-Z]?[a-z]+)?|[A-Z]['’][A-Z][a-z]+)";

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    [GeneratedRegex(@"\b(?:(?:https?|ftp)://|www\.)[^\s<>""'，。；！？、）」】]+|\b(?:[A-Za-z0-9\-]+\.)+(?:com|org|net|edu|gov|cn|io|info|co\.uk|uk|us|de|ca|au|in)(?:/[^\s<>""'，。；]*)?(?![\w.])", RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    [GeneratedRegex(@"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d]|\.\d)|(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}(?![\w:])|(?<![\w:])(?=[0-9A-Fa-f:]*::)(?:[0-9A-Fa-f]{1,4}:){1,6}(?::[0-9A-Fa-f]{1,4}){1,6}(?![\w:])")]
    private static partial Regex Ip();

    [GeneratedRegex(@"(?<![\w+\-/])(?:\+?1[\s.\-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.\-])\d{3}[\s.\-]\d{4}(?![\d\-/])|(?<![\w+])\+\d{1,3}(?:[\s.\-]?\(?\d{1,4}\)?){2,5}(?![\d])")]
    private static partial Regex Phone();

    [GeneratedRegex(@"(?i)\b(?:phone|tel|telephone|mobile|cell|fax|contact|(?:my|his|her|their|our|the\s+patient's)\s+number)(?:\s*(?:number|no\.?|#))?\s*(?:is\s+)?[:#]?\s*(?<v>\+?\(?\d[\d\s().\-]{5,}\d)")]
    private static partial Regex PhoneKeyword();

    [GeneratedRegex(@"(?<![\d\-])\d{3}-\d{2}-\d{4}(?![\d\-])|(?i:\b(?:SSN|social\s+security(?:\s+(?:number|no\.?|#))?)\s*(?:is\s+)?[:#]?\s*)(?<v>\d{3}\s\d{2}\s\d{4})(?!\d)")]
    private static partial Regex Ssn();

    [GeneratedRegex(@"(?i)\b(?:MRN|MR\s?#|medical\s+record(?:\s+(?:number|no\.?|#))?|hospital\s+(?:number|no\.?|#)|chart\s+(?:number|no\.?|#)|admission\s+(?:number|no\.?|#))\s*(?:is\s+)?[:#]?\s*(?<v>[A-Z]{0,4}[\-]?\d[\dA-Z\-]{3,})")]
    private static partial Regex Mrn();

    [GeneratedRegex(@"(?i)\b(?:SSN|social\s+security(?:\s+(?:number|no\.?|#))?|account(?:\s+(?:number|no\.?|#))?|acct\.?(?:\s*(?:number|no\.?|#))?|insurance\s+(?:id|number|no\.?|#)|policy\s+(?:number|no\.?|#)|member\s+(?:id|number)|patient\s+(?:id|number)|passport(?:\s+(?:number|no\.?|#))?|driver'?s\s+licen[cs]e(?:\s+(?:number|no\.?|#))?|ID\s*(?:number|no\.?|#))\s*(?:is\s+)?[:#]?\s*(?<v>[A-Z]{0,4}[\-]?\d[\dA-Z\-]{3,})")]
    private static partial Regex AccountId();

    [GeneratedRegex(@"(?<![\d/.\-])(?:(?:0?[1-9]|1[0-2])(?<s>[/\-])(?:0?[1-9]|[12]\d|3[01])\k<s>(?:\d{4}|\d{2})|(?:0?[1-9]|[12]\d|3[01])(?<s2>[/.\-])(?:0?[1-9]|1[0-2])\k<s2>\d{4}|(?:0?[1-9]|1[0-2])\.(?:0?[1-9]|[12]\d|3[01])\.\d{4}|(?:1[89]|2[0-2])\d{2}(?<s3>[/.\-])(?:0?[1-9]|1[0-2])\k<s3>(?:0?[1-9]|[12]\d|3[01]))(?![\d/\-]|\.\d)")]
    private static partial Regex NumericDate();

    // "on 12/25", "seen 3/4": month/day with no year only after a word that makes it a date (a bare "1/2" is a half).
    [GeneratedRegex(@"(?i)\b(?:on|dated?|since|until|till|by|before|after|appointment|visit(?:ed)?|seen|admitted|discharged|born)\s*[:]?\s+(?<v>(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01]))(?![\d/])")]
    private static partial Regex MonthDay();

    [GeneratedRegex(@"\b" + Month + @"\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d{2})?(?!\d)|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + Month + @"(?:,?\s+(?:19|20)\d{2})?(?![\w])|\b" + Month + @",?\s+(?:19|20)\d{2}\b")]
    private static partial Regex WordDate();

    [GeneratedRegex(@"(?i)\b(?<v>9\d|1[01]\d)(?:\s*|-)(?:years?|yrs?|y/?o\b|y\.o\.|year-old|years-old)|\bage(?:d|\s+of)?\s*[:]?\s*(?<v>9\d|1[01]\d)\b")]
    private static partial Regex Age();

    [GeneratedRegex(@"\b\d{1,6}\s+(?:[A-Z][A-Za-z]*\.?\s+){1,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Circle|Cir|Highway|Hwy|Parkway|Pkwy|Square|Sq)\b\.?(?:,?\s*(?:Apt|Apartment|Suite|Ste|Unit|Room|Rm|#)\.?\s*#?[\w\-]+)?(?:,\s*[A-Z][a-zA-Z]+(?![A-Za-z0-9])(?:\s+[A-Z][a-zA-Z]+(?![A-Za-z0-9])){0,2}(?:,?\s*[A-Z]{2}(?![A-Za-z0-9])(?:\s+\d{5}(?:-\d{4})?)?|\s+[A-Z]{1,2}\d[A-Z\d]?\s\d[ABD-HJLNP-UW-Z]{2}\b)?)?|\b(?i:P\.?\s?O\.?\s+Box)\s+\d+")]
    private static partial Regex StreetAddress();

    [GeneratedRegex(@"\b(?:(?:Dr|Mr|Mrs|Ms|Mx|Prof)\.?|Doctor|Nurse)\s+(?<v>" + NameWord + @"(?:\s+[A-Z]\.)?(?:\s+" + NameWord + "){0,2})")]
    private static partial Regex TitledName();

    [GeneratedRegex(@"(?:^|(?<=[.!?\n]\s*))(?:Hi|Hello|Hey|Dear|Good\s+(?:morning|afternoon|evening))\s*,?\s+(?<v>" + NameWord + @"(?:\s+" + NameWord + @")?)(?=\s*[,!.:\n]|$)", RegexOptions.Multiline)]
    private static partial Regex SalutationName();

    [GeneratedRegex(@"(?i:regards|best\s+regards|kind\s+regards|warm\s+regards|sincerely|best\s+wishes|yours\s+(?:truly|sincerely)|cheers|thanks|thank\s+you)(?:\s*,\s*|\s*\n\s*)(?:(?:Dr|Doctor)\.?\s+)?(?<v>" + NameWord + @"(?:\s+" + NameWord + @"){0,2})(?=\s*(?:[.,!\n]|$))")]
    private static partial Regex SignatureName();

    [GeneratedRegex(@"(?:\b[Mm]y\s+name\s+is|\bI\s+am\s+called|\b(?i:patient\s+name|name))\s*[:]?\s+(?<v>" + NameWord + @"(?:\s+" + NameWord + @"){0,2})")]
    private static partial Regex IntroducedName();

    [GeneratedRegex(@"\b(?i:patient|pt\.?|client|resident)\s*(?::\s*|\s+)(?<v>" + NameWord + @",\s*" + NameWord + @"(?=\s*[.;,)\n]|$)|" + NameWord + @"(?:\s+[A-Z]\.)?(?:\s+" + NameWord + @"){0,2})")]
    private static partial Regex PatientName();

    [GeneratedRegex(@"\b(?i:mother|father|spouse|husband|wife|son|daughter|guardian|next\s+of\s+kin|emergency\s+contact|contact\s+person|caregiver|referring\s+(?:physician|doctor)|attending(?:\s+physician)?|PCP|primary\s+care\s+(?:physician|doctor)|surgeon|physician|provider|signed\s+by|reviewed\s+by|dictated\s+by)\s*:\s*(?<v>" + NameWord + @"(?:\s+[A-Z]\.)?(?:\s+" + NameWord + @"){0,2})")]
    private static partial Regex LabelledName();

    // After an explicit name label the name may be in any case ("patient name: ahmed khan").
    [GeneratedRegex(@"\b(?i:(?:patient|full|first|last|given|family|sur)\s*name|name)\s*:\s*(?<v>[A-Za-z][A-Za-z'’\-]+(?:[ \t]+[A-Za-z][A-Za-z'’\-]+){0,2})(?=[ \t]*(?:[,;.\n(]|$))")]
    private static partial Regex LabelledAnyCaseName();

    [GeneratedRegex(@"\b(?:I'm|I’m|I\s+am|[Tt]his\s+is)\s+(?<v>" + NameWord + @"(?:\s+" + NameWord + @")?)(?=\s*[,.!;:\n(]|\s+(?:and|from|here|again)\b|$)")]
    private static partial Regex SelfName();

    // "a boy named Liam"; not "called" (medical text: "also called Batten disease"), and never before an eponym's noun.
    [GeneratedRegex(@"\b(?:named|nicknamed)\s+(?<v>" + NameWord + @"(?:\s+" + NameWord + @")?)\b(?!['’]?s?\s+(?i:disease|syndrome|sign|test|cells?|anemia|malformation|palsy|reflex|procedure|classification|criteria|scale|score|law|effect|after)\b)")]
    private static partial Regex CalledName();

    [GeneratedRegex(@"\b(?i:my|his|her|our|their)\s+(?i:son|daughter|wife|husband|mother|father|mom|mum|dad|brother|sister|child|baby|boy|girl|grandson|granddaughter|grandmother|grandfather|grandma|grandpa|uncle|aunt|nephew|niece|cousin|partner|fiancée?|boyfriend|girlfriend|friend|neighbou?r|caregiver|carer)\s*,?\s+(?<v>" + NameWord + @"(?:\s+" + NameWord + @")?)")]
    private static partial Regex RelativeName();

    // "John Smith presented ...": a common given name (CommonGivenNames) and a capitalised surname, no context needed;
    // not a place named after a saint ("San Jose", "St. Louis").
    // Zero-width, so a rejected "The John" does not hide the "John Smith" that starts inside it.
    [GeneratedRegex(@"\b(?<!\b(?:San|Santa|Saint|St\.?|Fort|Port|Lake|Mount|Mt\.?)[ \t])(?=(?<v>[A-Z][a-z]+(?:[ \t]+[A-Z]\.)?[ \t]+" + NameWord + @")\b(?![ \t]+" + Institution + @"))")]
    private static partial Regex GivenAndSurname();

    [GeneratedRegex(@"\b(?i:zip(?:\s*code)?|postal\s+code|postcode)\s*(?i:is\s+)?[:#]?\s*(?<v>\d{5}(?:-\d{4})?)\b|\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)?,\s*(?:AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC)\s+\d{5}(?:-\d{4})?\b|\b[A-Z]{1,2}\d[A-Z\d]?\s\d[ABD-HJLNP-UW-Z]{2}\b")]
    private static partial Regex ZipCode();

    [GeneratedRegex(@"(?i)\b(?:medicare|medicaid|health\s+plan|beneficiary|subscriber|group|claim|licen[cs]e\s+plate|plate|VIN|vehicle|serial|device|certificate|licen[cs]e|NPI|DEA|employee|badge|student)(?:\s+(?:id|number|no\.?|#))+\s*(?:is\s+)?[:#]?\s*(?<v>[A-Z0-9]{1,4}[\-]?[A-Z0-9][A-Z0-9\-]{3,})|\bVIN\s*[:#]?\s*(?<v>[A-HJ-NPR-Z0-9]{17})\b|(?i:\blicen[cs]e\s+plate|\bplate)\s*(?:is\s+)?[:#]?\s*(?<v>[A-Z0-9]{2,4}[\- ]?[A-Z0-9]{2,5})(?![A-Za-z0-9])")]
    private static partial Regex OtherId();

    // A run of 9-20 digits on its own is an identifier in clinical text (a phone without separators, an account, a record number).
    [GeneratedRegex(@"(?<![0-9A-Za-z.,/\-+])\d{9,20}(?![0-9A-Za-z/\-]|[.,]\d)")]
    private static partial Regex LongNumber();

    [GeneratedRegex(@"\b" + Institution)]
    private static partial Regex InstitutionWord();

    private static readonly HashSet<string> NotNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "Doctor", "Dr", "Sir", "Madam", "Mam", "Maam", "There", "All", "Everyone", "Team", "Chat", "ChatDoctor", "Friend", "Friends",
        "Patient", "Thanks", "Thank", "Welcome", "Nurse", "Folks", "Guys", "Mom", "Dad", "Again", "Please", "The", "This", "That",
        "What", "My", "I", "It", "Is", "Am", "Are", "And", "Good", "Hope", "Take", "Care", "Regards", "Best", "Wishes", "Yes", "No",
        "Okay", "Ok", "Sorry", "Page", "Education", "Information", "Guide", "Portal", "Handout", "Resources", "Safety", "Schedule", "Not", "Very", "Just", "Also", "Still", "Now", "Here", "Going", "Having", "Worried", "Fine", "Sick", "Pregnant", "Diabetic", "Allergic", "Taking", "On", "In", "At", "With", "From", "Has", "Had", "Was", "Male", "Female", "Presented", "Reports", "Denies", "Complains", "Admitted", "Discharged", "History", "Type", "English", "Chinese", "Asian", "American", "Christian", "Muslim", "Vegetarian", "Doc", "How", "Both", "Needs", "Why", "When", "Where", "Who", "We", "He", "She", "They", "Can", "Could", "Should", "Will", "Would", "Do", "Does", "Did", "Based", "Your", "So", "Well", "Hmm", "Oh", "Actually", "Health", "Healthcare", "Magic", "HealthcareMagic", "Bot", "Assistant", "Sure", "You", "Your", "Be",
    };

    /// <summary>True when no word of the candidate is a common non-name word.</summary>
    private static bool LooksLikeName(string v) => v.Split(' ', StringSplitOptions.RemoveEmptyEntries).All(w => !NotNames.Contains(w.Trim('.', '\'', '’')));

    private static (int, int) TrimUrl(string text, int start, int end)
    {
        while (end > start && ".,;:!?)]}'\"".Contains(text[end - 1])) end--;
        return (start, end);
    }

    /// <summary>Ten digits shaped like a North American number (area code and exchange start with 2-9).</summary>
    private static bool IsNanpPhone(string v) => v.Length == 10 && v[0] is >= '2' and <= '9' && v[3] is >= '2' and <= '9';

    private static bool HasEightDigits(string v) => v.Count(char.IsAsciiDigit) is >= 8 and <= 15;

    /// <summary>All English patterns, lower priority number winning overlaps.</summary>
    public static IEnumerable<PhiPattern> All() =>
    [
        new(PhiType.Email, Email(), 0),
        new(PhiType.Url, Url(), 1, Trim: TrimUrl),
        new(PhiType.Ip, Ip(), 2),
        new(PhiType.Mrn, Mrn(), 3),
        new(PhiType.Id, AccountId(), 4),
        new(PhiType.Id, Ssn(), 4),
        new(PhiType.Phone, PhoneKeyword(), 5, Validate: v => v.Count(char.IsAsciiDigit) is >= 7 and <= 15),
        new(PhiType.Phone, Phone(), 5, Validate: HasEightDigits),
        new(PhiType.Date, NumericDate(), 6),
        new(PhiType.Date, WordDate(), 6),
        new(PhiType.Date, MonthDay(), 6),
        new(PhiType.Address, StreetAddress(), 7),
        new(PhiType.Age, Age(), 8),
        new(PhiType.Name, TitledName(), 9, Validate: LooksLikeName),
        new(PhiType.Name, SalutationName(), 9, Validate: LooksLikeName),
        new(PhiType.Name, SignatureName(), 9, Validate: LooksLikeName),
        new(PhiType.Name, IntroducedName(), 9, Validate: LooksLikeName),
        new(PhiType.Name, PatientName(), 9, Validate: LooksLikeName),
        new(PhiType.Name, SelfName(), 9, Validate: LooksLikeName),
        new(PhiType.Name, CalledName(), 9, Validate: LooksLikeName),
        new(PhiType.Name, RelativeName(), 9, Validate: LooksLikeName),
        new(PhiType.Name, LabelledName(), 9, Validate: LooksLikeName),
        new(PhiType.Name, LabelledAnyCaseName(), 9, Validate: LooksLikeName),
        new(PhiType.Name, GivenAndSurname(), 9, Validate: v => CommonGivenNames.All.Contains(v.Split([' ', '\t'])[0]) && LooksLikeName(v) && !InstitutionWord().IsMatch(v)),
        new(PhiType.Address, ZipCode(), 7),
        new(PhiType.Id, OtherId(), 4, Validate: v => v.Any(char.IsAsciiDigit)),
        new(PhiType.Phone, LongNumber(), 10, Validate: IsNanpPhone, BareNumber: true),
        new(PhiType.Id, LongNumber(), 10, Validate: v => !IsNanpPhone(v), BareNumber: true),
    ];
}

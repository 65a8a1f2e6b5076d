namespace MedMLNet.Data.Profiles;

/// <summary>
/// Structured, PHI-free patient context for personalised answers: enumerated age band, sex, pregnancy status and
/// answer language, and short validated term lists (allergies, current medications, conditions). There is no field
/// for a name, date, address or identifier, and every term passes <see cref="ProfileTerm.Clean"/>, so a profile can be
/// rendered into a system prompt (<see cref="ProfilePromptRenderer"/>) without free-text injection.
/// </summary>
public sealed record PatientProfile
{
    public AgeBand AgeBand { get; }
    public Sex Sex { get; }
    public PregnancyStatus Pregnancy { get; }
    public ProfileLanguage Language { get; }
    /// <summary>Cleaned, de-duplicated, ordinally sorted terms.</summary>
    public IReadOnlyList<string> Allergies { get; }
    public IReadOnlyList<string> CurrentMedications { get; }
    public IReadOnlyList<string> Conditions { get; }

    private PatientProfile(AgeBand ageBand, Sex sex, PregnancyStatus pregnancy, ProfileLanguage language,
        IReadOnlyList<string> allergies, IReadOnlyList<string> medications, IReadOnlyList<string> conditions)
    {
        (AgeBand, Sex, Pregnancy, Language) = (ageBand, sex, pregnancy, language);
        (Allergies, CurrentMedications, Conditions) = (allergies, medications, conditions);
    }

    /// <summary>Validates every field; throws <see cref="ProfileException"/> naming the field and the fix.</summary>
    public static PatientProfile Create(AgeBand ageBand = AgeBand.Unknown, Sex sex = Sex.Unknown,
        PregnancyStatus pregnancy = PregnancyStatus.Unknown, ProfileLanguage language = ProfileLanguage.English,
        IEnumerable<string?>? allergies = null, IEnumerable<string?>? currentMedications = null, IEnumerable<string?>? conditions = null)
    {
        Defined(ageBand, "age_band"); Defined(sex, "sex"); Defined(pregnancy, "pregnancy"); Defined(language, "language");
        if (pregnancy is PregnancyStatus.Pregnant or PregnancyStatus.Breastfeeding && sex == Sex.Male)
            throw new ProfileException($"pregnancy: '{pregnancy}' contradicts sex 'Male'; fix one of them.");
        if (pregnancy is PregnancyStatus.Pregnant or PregnancyStatus.Breastfeeding && ageBand is AgeBand.Infant0To1 or AgeBand.Child1To11)
            throw new ProfileException($"pregnancy: '{pregnancy}' contradicts age band '{ageBand}'; fix one of them.");
        return new PatientProfile(ageBand, sex, pregnancy, language,
            ProfileTerm.CleanAll("allergies", allergies), ProfileTerm.CleanAll("current_medications", currentMedications),
            ProfileTerm.CleanAll("conditions", conditions));
    }

    /// <summary>An empty profile (everything unknown, English).</summary>
    public static PatientProfile Empty { get; } = Create();

    public bool Equals(PatientProfile? other) => other is not null && AgeBand == other.AgeBand && Sex == other.Sex
        && Pregnancy == other.Pregnancy && Language == other.Language && Allergies.SequenceEqual(other.Allergies)
        && CurrentMedications.SequenceEqual(other.CurrentMedications) && Conditions.SequenceEqual(other.Conditions);

    public override int GetHashCode() => HashCode.Combine(AgeBand, Sex, Pregnancy, Language, string.Join('\u0001', Allergies),
        string.Join('\u0001', CurrentMedications), string.Join('\u0001', Conditions));

    private static void Defined<T>(T value, string field) where T : struct, Enum
    {
        if (!Enum.IsDefined(value)) throw new ProfileException($"{field}: {Convert.ToInt32(value)} is not one of {string.Join(", ", Enum.GetNames<T>())}.");
    }
}

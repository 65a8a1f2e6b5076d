using System.Text.Json;
using System.Text.Json.Serialization;

namespace MedMLNet.Data.Profiles;

/// <summary>
/// JSON form of a <see cref="PatientProfile"/>: snake_case keys, enum names in snake_case
/// (<c>{"sex":"female","pregnancy":"not_pregnant","language":"chinese","allergies":["penicillin"]}</c>; age bands likewise, e.g. <c>unknown</c>).
/// Unknown keys (e.g. <c>name</c>, <c>dob</c>) are rejected, and every value is validated as by <see cref="PatientProfile.Create"/>.
/// </summary>
public static class PatientProfileJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
    };

    public static string Serialize(PatientProfile profile) => JsonSerializer.Serialize(new Dto
    {
        AgeBand = profile.AgeBand, Sex = profile.Sex, Pregnancy = profile.Pregnancy, Language = profile.Language,
        Allergies = [.. profile.Allergies], CurrentMedications = [.. profile.CurrentMedications], Conditions = [.. profile.Conditions],
    }, Options);

    /// <summary>Parses and validates; <paramref name="source"/> (a file name) goes into error messages.</summary>
    public static PatientProfile Deserialize(string json, string source = "profile JSON")
    {
        Dto? dto;
        try { dto = JsonSerializer.Deserialize<Dto>(json, Options); }
        catch (JsonException e) { throw new ProfileException($"{source}: {e.Message} Allowed keys: age_band, sex, pregnancy, language, allergies, current_medications, conditions."); }
        if (dto is null) throw new ProfileException($"{source}: the JSON is null; give an object.");
        try { return PatientProfile.Create(dto.AgeBand, dto.Sex, dto.Pregnancy, dto.Language, dto.Allergies, dto.CurrentMedications, dto.Conditions); }
        catch (ProfileException e) { throw new ProfileException($"{source}: {e.Message}"); }
    }

    /// <summary>Reads and validates a profile file.</summary>
    public static PatientProfile Load(string path)
    {
        if (!File.Exists(path)) throw new ProfileException($"profile file '{path}' not found; give a JSON file with age_band, sex, ... keys.");
        return Deserialize(File.ReadAllText(path), path);
    }

    private sealed class Dto
    {
        public AgeBand AgeBand { get; set; }
        public Sex Sex { get; set; }
        public PregnancyStatus Pregnancy { get; set; }
        public ProfileLanguage Language { get; set; }
        public List<string?>? Allergies { get; set; }
        public List<string?>? CurrentMedications { get; set; }
        public List<string?>? Conditions { get; set; }
    }
}

namespace MedMLNet.Assistant;

/// <summary>A kind of emergency sign.</summary>
public enum RedFlagCategory
{
    /// <summary>Chest pain or pressure (胸痛).</summary>
    ChestPain,
    /// <summary>Stroke signs: face drooping, slurred speech, one-sided weakness (口角歪斜, 言语不清, 一侧肢体无力).</summary>
    Stroke,
    /// <summary>Difficulty breathing (呼吸困难).</summary>
    BreathingDifficulty,
    /// <summary>Severe bleeding (大出血).</summary>
    SevereBleeding,
    /// <summary>Suicidal thoughts or self-harm (想自杀).</summary>
    Suicidal,
    /// <summary>Severe allergic reaction (过敏性休克).</summary>
    Anaphylaxis,
    /// <summary>Loss of consciousness (昏迷).</summary>
    Unconsciousness,
    /// <summary>Seizure (抽搐).</summary>
    Seizure,
    /// <summary>Poisoning or overdose (中毒).</summary>
    Poisoning,
}

/// <summary>An emergency sign found in the user's text: its kind and the words that matched.</summary>
public sealed record RedFlag(RedFlagCategory Category, string Matched);

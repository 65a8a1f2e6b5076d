namespace MedMLNet.Data.Profiles;

/// <summary>Age bands (never an exact age: PHI-free by construction; 90+ is folded into <see cref="Age80Plus"/>).</summary>
public enum AgeBand { Unknown, Infant0To1, Child1To11, Adolescent12To17, Adult18To39, Adult40To64, Age65To79, Age80Plus }

/// <summary>Sex as relevant to dosing and differential diagnosis.</summary>
public enum Sex { Unknown, Female, Male, Intersex }

/// <summary>Pregnancy and lactation status.</summary>
public enum PregnancyStatus { Unknown, NotPregnant, Pregnant, Breastfeeding }

/// <summary>The language the assistant should answer in.</summary>
public enum ProfileLanguage { English, Chinese }

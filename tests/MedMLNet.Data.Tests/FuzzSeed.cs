// Fuzz and property tests run with one fixed seed, so CI is deterministic; change it (or remove it) locally to explore new cases.
[assembly: FsCheck.Xunit.Properties(Replay = "(20261202,11)")]

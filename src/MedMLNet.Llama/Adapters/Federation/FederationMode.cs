namespace MedMLNet.Llama.Adapters.Federation;

/// <summary>How <see cref="LoraFederation"/> combines the sites' LoRA adapters.</summary>
public enum FederationMode
{
    /// <summary>FedAvg of the factors: A = Σ w_k·A_k and B = Σ w_k·B_k (weights normalised to sum 1).</summary>
    Separate,

    /// <summary>
    /// Exact FedAvg of the updates: ΔW = Σ w_k·B_k·A_k·scaling, re-factorised to rank r by truncated SVD
    /// (ΔW ≈ U_r·S_r·V_rᵀ; B = U_r·√S_r/√scaling, A = √S_r·V_rᵀ/√scaling, so B·A·scaling = U_r·S_r·V_rᵀ).
    /// </summary>
    Svd,
}

package io.modewatch.models.lm;

/** The decoder families this forward pass implements. */
public enum ArchitectureFamily {
    /** LayerNorm, learned positions, fused GELU MLP, tied unembedding. */
    GPT2,
    /** RMSNorm, rotary positions, grouped-query attention, SwiGLU MLP (Llama, Qwen2, Mistral). */
    LLAMA
}

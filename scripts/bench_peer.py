#!/usr/bin/env python3
"""PyTorch eager peer of `medmlnet bench`: the same Llama 3 shape, threads, dtype and phases.

Reads one phase name a line on stdin (prefill | decode | full_train | lora_train | quit) and answers one JSON line:
{"phase": ..., "tokens_per_second": ..., "peak_rss_bytes": ...}. The model is a plain eager Llama 3 (RMSNorm, RoPE
with llama3 scaling, GQA attention via scaled_dot_product_attention, SwiGLU MLP, KV cache), random weights std 0.02.
"""
import argparse, json, math, sys, time
import torch
import torch.nn as nn
import torch.nn.functional as F

SHAPES = {  # vocab, hidden, intermediate, layers, heads, kv heads, tied
    "bench": (128256, 512, 1536, 8, 8, 2, False),
    "1b": (128256, 2048, 8192, 16, 32, 8, True),
    "8b": (128256, 4096, 14336, 32, 32, 8, False),
    "quick": (4096, 128, 384, 2, 4, 2, False),
}


def rope_inv_freq(d, theta=500000.0, factor=32.0, low=1.0, high=4.0, orig=8192):
    inv = 1.0 / theta ** (torch.arange(0, d, 2).float() / d)
    wl = 2 * math.pi / inv
    lo_wl, hi_wl = orig / low, orig / high
    smooth = (orig / wl - low) / (high - low)
    scaled = torch.where(wl > lo_wl, inv / factor, inv)
    mid = (wl <= lo_wl) & (wl >= hi_wl)
    return torch.where(mid, (1 - smooth) * inv / factor + smooth * inv, scaled)


class LoraLinear(nn.Module):
    def __init__(self, i, o, dtype):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(o, i, dtype=dtype) * 0.02)
        self.a = self.b = None

    def attach(self, r=8, alpha=16):
        o, i = self.weight.shape
        self.a = nn.Parameter(torch.randn(r, i, dtype=self.weight.dtype) / math.sqrt(i))
        self.b = nn.Parameter(torch.zeros(o, r, dtype=self.weight.dtype))
        self.scale = alpha / r

    def forward(self, x):
        y = F.linear(x, self.weight)
        return y if self.a is None else y + F.linear(F.linear(x, self.a), self.b) * self.scale


class RmsNorm(nn.Module):
    def __init__(self, h, dtype, eps=1e-5):
        super().__init__()
        self.weight, self.eps = nn.Parameter(torch.ones(h, dtype=dtype)), eps

    def forward(self, x):
        xf = x.float()
        return (xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + self.eps)).to(x.dtype) * self.weight


def rotate(x, cos, sin):
    x1, x2 = x.chunk(2, -1)
    return x * cos + torch.cat((-x2, x1), -1) * sin


def attention(q, k, v):
    # torch 1.13 has no scaled_dot_product_attention: softmax(q k^T / sqrt(d) + causal) v, queries are the last T keys.
    t, s = q.shape[2], k.shape[2]
    scores = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1])  # [B, H, T, S]
    if t > 1:
        scores = scores.masked_fill(torch.ones(t, s, dtype=torch.bool).triu(s - t + 1), float("-inf"))
    return torch.softmax(scores.float(), -1).to(q.dtype) @ v


class Layer(nn.Module):
    def __init__(self, h, inter, heads, kv, dtype):
        super().__init__()
        d = h // heads
        self.heads, self.kv, self.d = heads, kv, d
        self.q_proj, self.k_proj, self.v_proj = LoraLinear(h, heads * d, dtype), LoraLinear(h, kv * d, dtype), LoraLinear(h, kv * d, dtype)
        self.o_proj = LoraLinear(heads * d, h, dtype)
        self.gate_proj, self.up_proj, self.down_proj = LoraLinear(h, inter, dtype), LoraLinear(h, inter, dtype), LoraLinear(inter, h, dtype)
        self.ln1, self.ln2 = RmsNorm(h, dtype), RmsNorm(h, dtype)

    def forward(self, x, cos, sin, cache, pos):
        b, t, _ = x.shape
        y = self.ln1(x)
        q = self.q_proj(y).view(b, t, self.heads, self.d).transpose(1, 2)  # [B, H, T, D]
        k = self.k_proj(y).view(b, t, self.kv, self.d).transpose(1, 2)
        v = self.v_proj(y).view(b, t, self.kv, self.d).transpose(1, 2)
        q, k = rotate(q, cos, sin), rotate(k, cos, sin)
        if cache is not None:
            cache[0][:, :, pos:pos + t] = k; cache[1][:, :, pos:pos + t] = v
            k, v = cache[0][:, :, :pos + t], cache[1][:, :, :pos + t]
        g = self.heads // self.kv
        k, v = k.repeat_interleave(g, 1), v.repeat_interleave(g, 1)
        a = attention(q, k, v)  # [B, H, T, D]
        x = x + self.o_proj(a.transpose(1, 2).reshape(b, t, -1))
        y = self.ln2(x)
        return x + self.down_proj(F.silu(self.gate_proj(y)) * self.up_proj(y))


class Llama(nn.Module):
    def __init__(self, shape, dtype):
        super().__init__()
        vocab, h, inter, layers, heads, kv, tied = SHAPES[shape]
        self.embed = nn.Parameter(torch.randn(vocab, h, dtype=dtype) * 0.02)
        self.layers = nn.ModuleList(Layer(h, inter, heads, kv, dtype) for _ in range(layers))
        self.norm = RmsNorm(h, dtype)
        self.lm_head = None if tied else nn.Parameter(torch.randn(vocab, h, dtype=dtype) * 0.02)
        self.inv = rope_inv_freq(h // heads)
        self.dtype, self.kv, self.d = dtype, kv, h // heads

    def hidden(self, ids, caches=None, pos=0):
        t = ids.shape[1]
        f = torch.outer(torch.arange(pos, pos + t).float(), self.inv)
        emb = torch.cat((f, f), -1)
        cos, sin = emb.cos().to(self.dtype), emb.sin().to(self.dtype)
        x = F.embedding(ids, self.embed)
        for i, layer in enumerate(self.layers):
            x = layer(x, cos, sin, None if caches is None else caches[i], pos)
        return self.norm(x)

    def logits(self, x):
        return F.linear(x, self.embed if self.lm_head is None else self.lm_head)


def loss_chunked(model, hidden, labels, chunk=256):
    h, lab = hidden[:, :-1].reshape(-1, hidden.shape[-1]), labels[:, 1:].reshape(-1)
    total = 0
    for s in range(0, h.shape[0], chunk):
        total = total + F.cross_entropy(model.logits(h[s:s + chunk]).float(), lab[s:s + chunk], reduction="sum")
    return total / lab.numel()


def peak_reset():
    try:
        open("/proc/self/clear_refs", "w").write("5")
    except OSError:
        pass


def peak_bytes():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--shape", default="bench"); p.add_argument("--threads", type=int, default=2)
    p.add_argument("--dtype", default="float32"); p.add_argument("--train-batch", type=int, default=4)
    p.add_argument("--train-length", type=int, default=256); p.add_argument("--prefill-length", type=int, default=256)
    p.add_argument("--decode-prompt", type=int, default=8); p.add_argument("--decode-tokens", type=int, default=128)
    a = p.parse_args()
    torch.set_num_threads(a.threads); torch.manual_seed(1)
    dtype = {"float32": torch.float32, "bfloat16": torch.bfloat16}[a.dtype]
    model = Llama(a.shape, dtype)
    vocab = SHAPES[a.shape][0]
    opts = {}
    print(json.dumps({"ready": True, "torch": torch.__version__}), flush=True)
    for line in sys.stdin:
        phase = line.strip()
        if phase in ("", "quit"):
            break
        peak_reset()
        start = time.perf_counter()
        if phase == "prefill":
            with torch.no_grad():
                ids = torch.randint(vocab, (1, a.prefill_length))
                caches = [(torch.zeros(1, model.kv, a.prefill_length, model.d, dtype=dtype), torch.zeros(1, model.kv, a.prefill_length, model.d, dtype=dtype)) for _ in model.layers]
                start = time.perf_counter()
                model.logits(model.hidden(ids, caches)[:, -1:])
            tokens = a.prefill_length
        elif phase == "decode":
            with torch.no_grad():
                cap = a.decode_prompt + a.decode_tokens
                caches = [(torch.zeros(1, model.kv, cap, model.d, dtype=dtype), torch.zeros(1, model.kv, cap, model.d, dtype=dtype)) for _ in model.layers]
                ids = torch.randint(vocab, (1, a.decode_prompt))
                start = time.perf_counter()
                pos = 0
                for _ in range(a.decode_tokens):
                    nxt = model.logits(model.hidden(ids, caches, pos)[:, -1:]).argmax(-1)  # [1, 1]
                    pos += ids.shape[1]; ids = nxt
            tokens = a.decode_tokens
        elif phase in ("full_train", "lora_train"):
            if phase not in opts:
                if phase == "lora_train":
                    opts.pop("full_train", None)
                    for m in model.modules():
                        if isinstance(m, LoraLinear) and m.a is None:
                            m.attach()
                    for n, q in model.named_parameters():
                        q.requires_grad = n.endswith(".a") or n.endswith(".b")
                opts[phase] = torch.optim.AdamW([q for q in model.parameters() if q.requires_grad], lr=1e-5, weight_decay=0.0)
            opt = opts[phase]
            ids = torch.randint(vocab, (a.train_batch, a.train_length))
            start = time.perf_counter()
            loss = loss_chunked(model, model.hidden(ids), ids)
            loss.backward()
            torch.nn.utils.clip_grad_norm_([q for q in model.parameters() if q.requires_grad], 1.0)
            opt.step(); opt.zero_grad(set_to_none=True)
            tokens = a.train_batch * a.train_length
        else:
            print(json.dumps({"error": f"unknown phase {phase}"}), flush=True); continue
        sec = time.perf_counter() - start
        print(json.dumps({"phase": phase, "tokens_per_second": tokens / sec, "peak_rss_bytes": peak_bytes()}), flush=True)


if __name__ == "__main__":
    main()

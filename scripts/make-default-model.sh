#!/usr/bin/env bash
# Rebuilds data/models/tiny-med-llama3 from the bundled data with medmlnet's own commands (see its README.md).
# Deterministic up to floating-point reduction order; takes ~35 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-runs/default-model}
medmlnet() { dotnet run --project src/MedMLNet.Cli -c Release -- "$@"; }

# 1. The demo's data: each bundled dataset cleaned, PHI-redacted and split (seed 1); the test splits stay held out.
for d in medquad chatdoctor/chatdoctor5k-sample.json chinese-medical-dialogue/neike-sample-gb18030.csv pubmedqa/ori_pqal-sample.json; do
  medmlnet prepare --input "data/$d" --redact --seed 1 --output "$out/data/${d%%/*}"
done
cat "$out"/data/{medquad,chatdoctor,chinese-medical-dialogue,pubmedqa}/train.jsonl > "$out/corpus-train.jsonl"
cat "$out"/data/{medquad,chatdoctor,chinese-medical-dialogue,pubmedqa}/validation.jsonl > "$out/corpus-validation.jsonl"

# 2. A byte-level BPE tokenizer with Llama 3's pre-tokenizer and special tokens (system prompts are not corpus text).
medmlnet train-tokenizer --input "$out/corpus-train.jsonl" "$out/corpus-validation.jsonl" --vocab-size 8192 --output "$out/tokenizer"

# 3. A random Llama 3 (GQA, llama3 RoPE scaling, tied embeddings) with that tokenizer, then causal-LM pretraining.
medmlnet init --config data/models/tiny-med-llama3/config.json --tokenizer "$out/tokenizer" --seed 1 --output "$out/init"
medmlnet train --model "$out/init" --data "$out/corpus-train.jsonl" --validation "$out/corpus-validation.jsonl" \
  --objective text --method full --lr 1e-3 --warmup-ratio 0.05 --weight-decay 0.1 --batch-size 8 --seq-len 256 \
  --epochs 6 --eval-every 100 --save-every 100 --save-dtype bfloat16 --seed 1 --output "$out/stage1"
medmlnet train --model "$out/stage1" --data "$out/corpus-train.jsonl" --validation "$out/corpus-validation.jsonl" \
  --objective text --method full --lr 2e-3 --warmup-ratio 0.03 --weight-decay 0.1 --batch-size 8 --seq-len 256 \
  --epochs 8 --eval-every 100 --save-every 100 --save-dtype bfloat16 --seed 2 --output "$out/stage2"
echo "model: $out/stage2/best (the best validation checkpoint); copy it into data/models/tiny-med-llama3"

#!/usr/bin/env bash
# Installs the PyTorch eager peer's dependency (Debian 12's python3-torch 1.13.1) if missing, then runs
# `medmlnet bench` with the peer: bash scripts/bench-peer.sh [bench args...]
set -euo pipefail
cd "$(dirname "$0")/.."
if ! /usr/bin/python3 -c "import torch" 2>/dev/null; then
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y python3-torch
fi
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
dotnet run --project src/MedMLNet.Cli -c Release -- bench --peer /usr/bin/python3 "$@"

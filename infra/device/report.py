"""Joins dotnet-bench.json and hf.json under $OUT into summary.json and prints one table (last in the output)."""
import json
import os
import sys

out = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("OUT", ".")


def load(name):
    try:
        with open(os.path.join(out, name)) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        return {"error": str(e)}


ours, hf = load("dotnet-bench.json"), load("hf.json")
speed = ours.get("speed", {})
summary = {"dotnet": ours, "hf": hf}
rows = []
for size, result in sorted(ours.get("correctness", {}).items()):
    rows.append((f"(a) correctness {size}", "PASS" if result.get("pass") else "FAIL",
                 result.get("error") or f"rel {result.get('max_relative_l2', 0):.2e}, first tokens {result.get('first_token_argmax_agree')}/16, all {result.get('all_rows_argmax_agree')}/{result.get('logit_rows_compared')}"))
tps = speed.get("output_tokens_per_second")
if tps:
    rows.append(("(b) engine out tok/s", f"{tps:,.0f}", f"{speed['requests']} req x {speed['prompt_tokens']}/{speed['output_tokens']}, block {speed['block_size']}"))
    rows.append(("(b) TTFT p50 / p99 ms", f"{speed['ttft_ms_p50']:.0f} / {speed['ttft_ms_p99']:.0f}", "burst: all requests at t0"))
    rows.append(("(b) ITL p50 / p99 ms", f"{speed['itl_ms_p50']:.1f} / {speed['itl_ms_p99']:.1f}", f"{speed['steps']} steps, mean {speed['mean_step_ms']:.1f} ms"))
best = max(hf.get("hf_generate", {}).values(), key=lambda r: r["output_tokens_per_second"], default=None)
if best:
    rows.append(("(c) HF generate out tok/s", f"{best['output_tokens_per_second']:,.0f}", f"static batch {best['batch']}, ITL {best['itl_ms_mean']:.1f} ms"))
    if tps:
        summary["ratio_to_hf"] = tps / best["output_tokens_per_second"]
        rows.append(("    ratio engine / HF", f"{summary['ratio_to_hf']:.2f}x", "target >= 5x"))
bandwidth = hf.get("copy_bandwidth_bytes_per_s")
if bandwidth and speed:
    # Mean decode step at full batch: all weights once plus every running sequence's KV at its mean context.
    context = speed["prompt_tokens"] + speed["output_tokens"] / 2
    step_bytes = hf["weight_bytes"] + speed["requests"] * context * hf["kv_bytes_per_token"]
    floor_ms = 1000 * step_bytes / bandwidth
    summary["decode_step_floor_ms"] = floor_ms
    rows.append(("(d) decode step floor ms", f"{floor_ms:.2f}", f"{step_bytes / 1e9:.1f} GB over {bandwidth / 1e12:.2f} TB/s"))
    if speed.get("itl_ms_p50"):
        summary["itl_p50_over_floor"] = speed["itl_ms_p50"] / floor_ms
        rows.append(("    ITL p50 / floor", f"{summary['itl_p50_over_floor']:.1f}x", ""))
with open(os.path.join(out, "summary.json"), "w") as f:
    json.dump(summary, f, indent=2)
device = hf.get("device", "unknown device")
print(f"\nGPU benchmark on {device}")
for name, value, note in rows:
    print(f"{name:<28} {value:>14}  {note}")

"""(c) Hugging Face transformers `generate` in static batches, and (d) measured copy bandwidth, on the same GPU.

Random-initialised Qwen2 of Qwen2.5-Coder-1.5B's shape in fp16; greedy; end-of-sequence ignored (min_new_tokens).
Writes one JSON file. Runs on the device machine with its own torch/transformers; needs nothing else.
"""
import argparse
import json
import sys
import time

import torch
from transformers import Qwen2Config, Qwen2ForCausalLM


def log(message):
    print(message, file=sys.stderr, flush=True)


def copy_bandwidth(bytes_=4 << 30, repeats=20):
    """Device-to-device copy, counting bytes read plus written (METHOD.md)."""
    source = torch.randn(bytes_ // 2, dtype=torch.float16, device="cuda")
    target = torch.empty_like(source)
    for _ in range(3):
        target.copy_(source)
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    times = []
    for _ in range(repeats):
        start.record()
        target.copy_(source)
        end.record()
        torch.cuda.synchronize()
        times.append(start.elapsed_time(end) / 1000)
    times.sort()
    del source, target
    torch.cuda.empty_cache()
    return 2 * bytes_ / times[len(times) // 2]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--requests", type=int, default=256)
    parser.add_argument("--prompt", type=int, default=512)
    parser.add_argument("--output", type=int, default=128)
    parser.add_argument("--batch-sizes", default="64,256")
    args = parser.parse_args()

    report = {"device": torch.cuda.get_device_name(0), "torch": torch.__version__}
    report["copy_bandwidth_bytes_per_s"] = copy_bandwidth()
    log(f"copy bandwidth {report['copy_bandwidth_bytes_per_s'] / 1e12:.2f} TB/s")

    config = Qwen2Config(
        hidden_size=1536, intermediate_size=8960, num_hidden_layers=28, num_attention_heads=12,
        num_key_value_heads=2, vocab_size=151936, max_position_embeddings=4096, rope_theta=1_000_000.0,
        tie_word_embeddings=False, use_cache=True)
    torch.manual_seed(0)
    torch.set_default_dtype(torch.float16)
    with torch.device("cuda"):
        model = Qwen2ForCausalLM(config).eval()
    torch.set_default_dtype(torch.float32)
    report["parameters"] = sum(p.numel() for p in model.parameters())
    report["weight_bytes"] = sum(p.numel() * p.element_size() for p in model.parameters())
    report["kv_bytes_per_token"] = 2 * config.num_hidden_layers * config.num_key_value_heads * (config.hidden_size // config.num_attention_heads) * 2
    import transformers
    report["transformers"] = transformers.__version__

    generator = torch.Generator(device="cuda").manual_seed(1)

    def generate(batch, new_tokens):
        ids = torch.randint(0, config.vocab_size, (batch, args.prompt), device="cuda", generator=generator)
        with torch.inference_mode():
            out = model.generate(
                input_ids=ids, attention_mask=torch.ones_like(ids), max_new_tokens=new_tokens,
                min_new_tokens=new_tokens, do_sample=False, pad_token_id=0, eos_token_id=None)
        return out.shape[1] - args.prompt

    generate(4, 4)  # warm-up
    runs = {}
    for batch in [int(b) for b in args.batch_sizes.split(",")]:
        torch.cuda.synchronize()
        start = time.perf_counter()
        generate(batch, 1)
        torch.cuda.synchronize()
        ttft = time.perf_counter() - start
        tokens, start = 0, time.perf_counter()
        for _ in range(max(1, args.requests // batch)):
            tokens += batch * generate(batch, args.output)
        torch.cuda.synchronize()
        seconds = time.perf_counter() - start
        per_batch = seconds / max(1, args.requests // batch)
        runs[str(batch)] = {
            "batch": batch, "output_tokens": tokens, "seconds": seconds, "output_tokens_per_second": tokens / seconds,
            "ttft_ms_static_batch": 1000 * ttft, "itl_ms_mean": 1000 * (per_batch - ttft) / max(1, args.output - 1),
            "peak_memory_gib": torch.cuda.max_memory_allocated() / 2**30,
        }
        log(f"hf batch {batch}: {runs[str(batch)]}")
    report["hf_generate"] = runs
    with open(args.out, "w") as f:
        json.dump(report, f, indent=2)


if __name__ == "__main__":
    main()

namespace Platform.Inference.TinyModel;

/// <summary>
/// A small, hand-written corpus of code in the languages the service completes most, from which the tiny
/// model's vocabulary is learned: enough for common keywords, indentation runs and operators to get tokens.
/// </summary>
internal static class TrainingCorpus
{
    public static string Text => CSharp + Python + JavaScript;

    private const string CSharp = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Shop.Ordering;

        public sealed record OrderLine(string ProductId, int Quantity, decimal UnitPrice)
        {
            public decimal Total => Quantity * UnitPrice;
        }

        public sealed class Order
        {
            private readonly List<OrderLine> _lines = new();

            public Order(string customerId)
            {
                if (string.IsNullOrWhiteSpace(customerId))
                {
                    throw new ArgumentException("A customer id is required.", nameof(customerId));
                }

                CustomerId = customerId;
                CreatedAt = DateTimeOffset.UtcNow;
            }

            public string CustomerId { get; }
            public DateTimeOffset CreatedAt { get; }
            public IReadOnlyList<OrderLine> Lines => _lines;
            public decimal Total => _lines.Sum(line => line.Total);

            public void AddLine(string productId, int quantity, decimal unitPrice)
            {
                if (quantity <= 0)
                {
                    throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "Quantity must be positive.");
                }

                var existing = _lines.FindIndex(line => line.ProductId == productId);
                if (existing >= 0)
                {
                    var line = _lines[existing];
                    _lines[existing] = line with { Quantity = line.Quantity + quantity };
                    return;
                }

                _lines.Add(new OrderLine(productId, quantity, unitPrice));
            }
        }

        public interface IOrderRepository
        {
            Task<Order?> FindAsync(string orderId, CancellationToken cancellationToken = default);
            Task SaveAsync(Order order, CancellationToken cancellationToken = default);
        }

        public sealed class OrderService(IOrderRepository repository, ILogger<OrderService> logger)
        {
            public async Task<decimal> GetTotalAsync(string orderId, CancellationToken cancellationToken)
            {
                var order = await repository.FindAsync(orderId, cancellationToken);
                if (order is null)
                {
                    logger.LogWarning("Order {OrderId} was not found", orderId);
                    return 0m;
                }

                return order.Total;
            }

            public static int Fibonacci(int n)
            {
                if (n < 2)
                {
                    return n;
                }

                int previous = 0, current = 1;
                for (int i = 2; i <= n; i++)
                {
                    (previous, current) = (current, previous + current);
                }

                return current;
            }

            public static Dictionary<string, int> CountWords(IEnumerable<string> words)
            {
                var counts = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var word in words)
                {
                    counts[word] = counts.TryGetValue(word, out var count) ? count + 1 : 1;
                }

                return counts;
            }
        }

        """;

    private const string Python = """
        import json
        import os
        from dataclasses import dataclass, field
        from typing import Dict, List, Optional


        @dataclass
        class Order:
            customer_id: str
            lines: List[dict] = field(default_factory=list)

            def add_line(self, product_id: str, quantity: int, unit_price: float) -> None:
                if quantity <= 0:
                    raise ValueError("quantity must be positive")
                for line in self.lines:
                    if line["product_id"] == product_id:
                        line["quantity"] += quantity
                        return
                self.lines.append({"product_id": product_id, "quantity": quantity, "unit_price": unit_price})

            @property
            def total(self) -> float:
                return sum(line["quantity"] * line["unit_price"] for line in self.lines)


        def fibonacci(n: int) -> int:
            if n < 2:
                return n
            previous, current = 0, 1
            for _ in range(2, n + 1):
                previous, current = current, previous + current
            return current


        def count_words(words: List[str]) -> Dict[str, int]:
            counts: Dict[str, int] = {}
            for word in words:
                counts[word] = counts.get(word, 0) + 1
            return counts


        def load_config(path: str) -> Optional[dict]:
            if not os.path.exists(path):
                return None
            with open(path, "r", encoding="utf-8") as handle:
                return json.load(handle)


        class Stack:
            def __init__(self):
                self.items = []

            def push(self, item):
                self.items.append(item)

            def pop(self):
                if not self.items:
                    raise IndexError("pop from empty stack")
                return self.items.pop()

            def __len__(self):
                return len(self.items)


        def binary_search(items, target):
            low, high = 0, len(items) - 1
            while low <= high:
                middle = (low + high) // 2
                if items[middle] == target:
                    return middle
                if items[middle] < target:
                    low = middle + 1
                else:
                    high = middle - 1
            return -1


        if __name__ == "__main__":
            print(fibonacci(10))
            print(count_words(["a", "b", "a"]))

        """;

    private const string JavaScript = """
        import { readFile } from "node:fs/promises";

        export class Order {
          constructor(customerId) {
            if (!customerId) {
              throw new Error("A customer id is required.");
            }
            this.customerId = customerId;
            this.lines = [];
          }

          addLine(productId, quantity, unitPrice) {
            if (quantity <= 0) {
              throw new RangeError("Quantity must be positive.");
            }
            const existing = this.lines.find((line) => line.productId === productId);
            if (existing) {
              existing.quantity += quantity;
              return;
            }
            this.lines.push({ productId, quantity, unitPrice });
          }

          get total() {
            return this.lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
          }
        }

        export function fibonacci(n) {
          if (n < 2) {
            return n;
          }
          let previous = 0;
          let current = 1;
          for (let i = 2; i <= n; i++) {
            [previous, current] = [current, previous + current];
          }
          return current;
        }

        export async function loadConfig(path) {
          try {
            const text = await readFile(path, "utf-8");
            return JSON.parse(text);
          } catch (error) {
            console.error(`Could not read ${path}: ${error.message}`);
            return null;
          }
        }

        export const countWords = (words) => {
          const counts = new Map();
          for (const word of words) {
            counts.set(word, (counts.get(word) ?? 0) + 1);
          }
          return counts;
        };

        async function fetchJson(url, options = {}) {
          const response = await fetch(url, { ...options, headers: { "Content-Type": "application/json" } });
          if (!response.ok) {
            throw new Error(`Request failed with status ${response.status}`);
          }
          return response.json();
        }

        // Prices shown to users: 10 €, 5 £, 300 ¥ — keep the symbols intact.
        const prices = { euro: "10 €", pound: "5 £", yen: "300 ¥" };
        console.log(Object.keys(prices).length, fetchJson);

        """;
}

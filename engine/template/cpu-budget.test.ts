import { describe, expect, test } from "vitest";
import { render } from "./index";
import { CpuMeter, withCpuMeter } from "./budget";

const LOOP = "{% for i in range(1,999999) %}{% endfor %}";

describe("the CPU time budget of a task run", () => {
  test("a render that computes past its budget fails with a message naming the budget, near the budget", async () => {
    const meter = new CpuMeter(200);
    const cpu0 = process.cpuUsage();
    await expect(withCpuMeter(meter, () => render(LOOP, {}))).rejects.toThrow(/CPU time budget of 200 ms \(TASK_CPU_BUDGET_MS\)/);
    const cpuMs = process.cpuUsage(cpu0).user / 1000;
    expect(meter.usedMs).toBeGreaterThan(200);
    // Stopped near the budget (CPU time, not wall time: the machine may be shared), not at
    // the step limit, which this loop reaches after seconds of CPU.
    expect(cpuMs).toBeLessThan(900);
  });

  test("renders outside a meter, and small renders inside one, are not limited by it", async () => {
    await expect(render("{% for i in range(1,2000) %}{% endfor %}ok", {})).resolves.toBe("ok");
    const meter = new CpuMeter(200);
    for (let i = 0; i < 20; i++) await withCpuMeter(meter, () => render("{{ 1 + 1 }}", {}));
    expect(meter.usedMs).toBeLessThan(200);
  });

  test("time spent waiting (I/O between steps) is not charged", async () => {
    const meter = new CpuMeter(100);
    const slow = async () => {
      await new Promise((r) => setTimeout(r, 60));
      return "v";
    };
    const template = "{{ slow() }}{{ slow() }}{{ slow() }}{{ slow() }}";
    await expect(withCpuMeter(meter, () => render(template, { $functions: { slow } }))).resolves.toBe("vvvv");
    expect(meter.usedMs).toBeLessThan(50);
  });

  test("two renders interleaved on one thread are each charged their own share, and a light one survives a heavy one", async () => {
    const heavy = new CpuMeter(300);
    const light = new CpuMeter(300);
    const results = await Promise.allSettled([
      withCpuMeter(heavy, () => render(LOOP, {})),
      withCpuMeter(light, () => render("{% for i in range(1,3000) %}{% endfor %}done", {})),
    ]);
    expect(results[0].status).toBe("rejected");
    expect(results[1]).toEqual({ status: "fulfilled", value: "done" });
    expect(light.usedMs).toBeLessThan(150);
  });
});

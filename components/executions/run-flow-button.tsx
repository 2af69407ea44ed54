"use client";

import { useRouter } from "next/navigation";
import { useId, useRef, useState, type FormEvent } from "react";
import { buttonClass } from "@/components/ui/button";
import { FormError } from "@/components/ui/action-form";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { Play } from "@/components/ui/icons";
import { executionHref } from "./model";
import { defaultText, inputsSchema, mustFill, wireValue, type FlowInput } from "./run-inputs";

function Control({ input, id, invalid }: { input: FlowInput; id: string; invalid: boolean }) {
  const common = { id, name: input.id, invalid, defaultValue: defaultText(input) };
  switch (input.type) {
    case "BOOLEAN":
    case "BOOL":
      return (
        <Select {...common}>
          {!mustFill(input) && input.defaults === undefined && <option value="">—</option>}
          <option value="true">true</option>
          <option value="false">false</option>
        </Select>
      );
    case "ENUM":
    case "SELECT":
      return (
        <Select {...common}>
          {(input.defaults === undefined || input.defaults === null) && <option value="">Choose…</option>}
          {(input.values ?? []).map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </Select>
      );
    case "MULTISELECT":
      return (
        <Select id={id} name={input.id} multiple invalid={invalid} className="h-auto py-1" defaultValue={Array.isArray(input.defaults) ? (input.defaults as string[]) : []}>
          {(input.values ?? input.options ?? []).map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </Select>
      );
    case "INT":
      return <Input {...common} type="number" step={1} inputMode="numeric" />;
    case "FLOAT":
      return <Input {...common} type="number" step="any" inputMode="decimal" />;
    case "DATETIME":
      return <Input {...common} type="datetime-local" />;
    case "DATE":
      return <Input {...common} type="date" />;
    case "TIME":
      return <Input {...common} type="time" step={1} />;
    case "DURATION":
      return <Input {...common} placeholder="PT5M" className="font-mono" />;
    case "URI":
      return <Input {...common} type="url" placeholder="https://" />;
    case "EMAIL":
      return <Input {...common} type="email" />;
    case "SECRET":
      return <Input {...common} type="password" autoComplete="off" />;
    case "JSON":
    case "YAML":
      return <Textarea {...common} rows={4} className="font-mono text-[12px]" />;
    case "ARRAY":
      return <Textarea {...common} rows={2} className="font-mono text-[12px]" placeholder='["a", "b"] or a, b' />;
    case "FILE":
      return <Input id={id} name={input.id} type="file" invalid={invalid} className="py-1" />;
    default:
      return <Input {...common} />;
  }
}

/**
 * The Execute button of a flow and its form, generated from the flow's inputs: checked in
 * the browser (a zod schema built from the inputs), then by the engine when the API
 * creates the execution; its per-input messages land on the fields. On success the new
 * execution's page opens.
 */
export function RunFlowButton({
  tenantId,
  namespace,
  flowId,
  inputs,
  disabled,
  size = "md",
}: {
  tenantId: string;
  namespace: string;
  flowId: string;
  inputs: FlowInput[];
  disabled?: boolean;
  size?: "sm" | "md";
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const router = useRouter();
  const uid = useId();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [key, setKey] = useState(0);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const texts: Record<string, string> = {};
    for (const input of inputs) if (input.type !== "FILE" && input.type !== "MULTISELECT") texts[input.id] = String(form.get(input.id) ?? "");
    const checked = inputsSchema(inputs.filter((i) => i.type !== "MULTISELECT")).safeParse(texts);
    const found: Record<string, string> = {};
    if (!checked.success) for (const issue of checked.error.issues) found[String(issue.path[0])] ??= issue.message;
    for (const input of inputs) {
      const file = form.get(input.id);
      if (input.type === "FILE" && mustFill(input) && !(file instanceof File && file.size > 0)) found[input.id] = "is required";
    }
    setErrors(found);
    setError(null);
    if (Object.keys(found).length) return;

    const body = new FormData();
    for (const input of inputs) {
      if (input.type === "FILE") {
        const file = form.get(input.id);
        if (file instanceof File && file.size > 0) body.append(input.id, file, file.name);
      } else if (input.type === "MULTISELECT") {
        const values = form.getAll(input.id).map(String);
        if (values.length) body.append(input.id, JSON.stringify(values));
      } else {
        const v = wireValue(input, texts[input.id] ?? "");
        if (v !== "") body.append(input.id, v);
      }
    }
    setPending(true);
    try {
      const res = await fetch(`/api/v1/${encodeURIComponent(tenantId)}/executions/${encodeURIComponent(namespace)}/${encodeURIComponent(flowId)}`, { method: "POST", body });
      const json = (await res.json().catch(() => ({}))) as { id?: string; message?: string; details?: { path: string; message: string }[] };
      if (!res.ok || !json.id) {
        const fields: Record<string, string> = {};
        for (const d of json.details ?? []) if (d.path.startsWith("inputs.")) fields[d.path.slice(7)] = d.message;
        setErrors(fields);
        setError(json.message ?? `The execution could not start (HTTP ${res.status}).`);
        return;
      }
      dialog.current?.close();
      router.push(executionHref(tenantId, { namespace, flowId, id: json.id }));
    } catch {
      setError("The server could not be reached. Try again.");
    } finally {
      setPending(false);
    }
  };

  return (
    <>
      <button
        type="button"
        disabled={disabled}
        title={disabled ? "This flow is disabled" : undefined}
        className={buttonClass("primary", size)}
        data-testid="execute"
        onClick={() => {
          setKey((k) => k + 1);
          setErrors({});
          setError(null);
          dialog.current?.showModal();
        }}
      >
        <Play size={14} /> Execute
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={`${uid}-title`}
        className="m-auto max-h-[calc(100dvh-2rem)] w-[calc(100%-2rem)] max-w-lg rounded-lg border border-zinc-200 bg-white p-0 text-left font-normal text-zinc-900 shadow-xl backdrop:bg-zinc-900/40"
      >
        <form key={key} onSubmit={submit} noValidate className="p-4" aria-label={`Execute ${flowId}`}>
          <h2 id={`${uid}-title`} className="text-[14px] font-semibold">
            Execute {flowId}
          </h2>
          <p className="mt-0.5 font-mono text-[12px] text-zinc-500">{namespace}</p>
          <div className="mt-3 space-y-3">
            {inputs.length === 0 && <p className="text-[13px] text-zinc-600">This flow takes no inputs: it starts at once.</p>}
            {inputs.map((input) => {
              const id = `${uid}-${input.id}`;
              return (
                <Field
                  key={input.id}
                  htmlFor={id}
                  label={
                    <span className="flex items-center gap-1.5">
                      {input.displayName ?? input.id}
                      {mustFill(input) && <span className="text-red-600" aria-label="required">*</span>}
                      <span className="font-mono text-[10.5px] font-normal text-zinc-400">{input.type}</span>
                    </span>
                  }
                  hint={input.description}
                  error={errors[input.id]}
                >
                  <Control input={input} id={id} invalid={Boolean(errors[input.id])} />
                </Field>
              );
            })}
          </div>
          {error && <FormError message={error} />}
          <div className="mt-4 flex justify-end gap-2">
            <button type="button" className={buttonClass("secondary")} onClick={() => dialog.current?.close()}>
              Cancel
            </button>
            <button type="submit" disabled={pending} className={buttonClass("primary")}>
              {pending && <span aria-hidden="true" className="size-3 animate-spin rounded-full border-2 border-current border-r-transparent" />}
              {pending ? "Starting…" : "Execute"}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}

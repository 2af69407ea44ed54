"use client";

import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap, type CompletionContext, type CompletionResult } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { yaml } from "@codemirror/lang-yaml";
import { bracketMatching, foldGutter, foldKeymap, indentOnInput, indentUnit } from "@codemirror/language";
import { linter, lintGutter, lintKeymap, type Diagnostic } from "@codemirror/lint";
import { highlightSelectionMatches, searchKeymap } from "@codemirror/search";
import { EditorState, type Text } from "@codemirror/state";
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, highlightSpecialChars, keymap, lineNumbers } from "@codemirror/view";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { createFlow, updateFlow, validateFlowDraft, type FlowProblem } from "@/lib/actions/flows";
import { cursorContext, keyOptions, typeAtCursor, type CompletionCatalog, type PluginCategory } from "@/lib/ui/flow-completion";
import type { FlowGraph } from "@/lib/ui/flow-graph";
import { cn } from "@/lib/ui/cn";
import { buttonClass } from "@/components/ui/button";
import { AlertTriangle, Check, Lock } from "@/components/ui/icons";
import { editorTheme, yamlHighlighting } from "./codemirror-theme";
import { flowHref } from "./links";
import { EditorSide } from "./editor-side";
import { ProblemsPanel } from "./problems-panel";
import { useUnsavedGuard } from "./use-unsaved-guard";

export type FlowEditorProps = {
  tenantId: string;
  /** `create`: a new flow (POST semantics); `update`: this namespace/id (PUT semantics). */
  mode: "create" | "update";
  namespace?: string;
  id?: string;
  revision?: number;
  initialSource: string;
  catalog: CompletionCatalog;
  /** Why the user cannot save, when they cannot. */
  readOnlyReason?: string;
};

const SPLIT_KEY = "switchyard.editor.split";

/** A save's outcome, with the text it was about: an error about older text is replaced by what the current text has. */
type Status = { tone: "ok" | "error" | "info"; text: string; doc: Text } | null;

/** Diagnostics at each problem's line and column, underlining the rest of that line. */
function toDiagnostics(doc: Text, problems: FlowProblem[]): Diagnostic[] {
  return problems.map((p) => {
    const line = doc.line(Math.min(Math.max(1, p.line || 1), doc.lines));
    const from = line.from + Math.min(Math.max(0, (p.column || 1) - 1), line.length);
    const end = line.from + line.text.trimEnd().length;
    return { from, to: Math.max(from, end), severity: "error", message: p.message, ...(p.path ? { source: p.path } : {}) };
  });
}

function completionSource(catalog: CompletionCatalog) {
  return (context: CompletionContext): CompletionResult | null => {
    const ctx = cursorContext(context.state.doc.toString(), context.pos);
    if (!ctx) return null;
    if (ctx.kind === "type") {
      return {
        from: ctx.from,
        options: catalog[ctx.category].map((p) => ({ label: p.type, type: "class", ...(p.title ? { info: p.title } : {}) })),
        validFor: /^[\w.$-]*$/,
      };
    }
    if (!context.explicit && ctx.prefix.length === 0) return null;
    const options = keyOptions(ctx, catalog).map((p) => ({
      label: p.name,
      type: "property",
      detail: p.required ? "required" : undefined,
      boost: p.required ? 1 : 0,
      apply: `${p.name}: `,
    }));
    return options.length ? { from: ctx.from, options, validFor: /^[\w$-]*$/ } : null;
  };
}

/**
 * The flow editor: CodeMirror 6 with YAML, live validation from the server's own
 * validator (markers, a problems list), completion of types and properties from the task
 * registry, and save with Ctrl/Cmd+S. Loaded with next/dynamic by the pages that show it.
 */
export default function FlowEditor({ tenantId, mode, namespace, id, revision, initialSource, catalog, readOnlyReason }: FlowEditorProps) {
  const router = useRouter();
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const savedDoc = useRef<Text | null>(null);
  const [dirty, setDirty] = useState(false);
  const [problems, setProblems] = useState<FlowProblem[] | null>(null);
  const [checking, setChecking] = useState(false);
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState<Status>(null);
  const [savedRevision, setSavedRevision] = useState<number | undefined>(undefined);
  // The text now in the editor, and the text the problems list describes.
  const [currentDoc, setCurrentDoc] = useState<Text | null>(null);
  const [checkedDoc, setCheckedDoc] = useState<Text | null>(null);
  const [graph, setGraph] = useState<{ graph: FlowGraph; doc: Text } | null>(null);
  // The side pane opens on wide screens unless the user put it away (remembered per browser).
  const [split, setSplit] = useState(() => window.localStorage.getItem(SPLIT_KEY) !== "off" && window.matchMedia("(min-width: 1024px)").matches);
  const splitRef = useRef(split);
  const [typeAt, setTypeAt] = useState<{ type: string; category: PluginCategory } | null>(null);
  const readOnly = Boolean(readOnlyReason);

  useUnsavedGuard(dirty && !readOnly);
  // The page's revision catches up once the server re-renders it after a save.
  const shownRevision = savedRevision !== undefined && savedRevision > (revision ?? 0) ? savedRevision : revision;
  // Rendered in the browser only (next/dynamic without SSR), so navigator is there.
  const shortcut = /Mac|iPhone|iPad/.test(navigator.platform) ? "⌘S" : "Ctrl S";

  const save = useCallback(async () => {
    const editor = view.current;
    if (!editor || readOnly || saving) return;
    const doc = editor.state.doc;
    setSaving(true);
    setStatus(null);
    try {
      const source = doc.toString();
      const result = mode === "create" ? await createFlow({ tenantId, source }) : await updateFlow({ tenantId, namespace, id, source });
      if (!result.ok) {
        setStatus({ tone: "error", text: result.error, doc });
        return;
      }
      savedDoc.current = doc;
      setDirty(!editor.state.doc.eq(doc));
      const saved = result.data!;
      setSavedRevision(saved.revision);
      setStatus({ tone: "ok", text: saved.changed ? `Saved as revision ${saved.revision}` : "No changes since the last revision", doc });
      if (mode === "create") router.push(flowHref(tenantId, saved.namespace, saved.id, "editor"));
    } catch {
      setStatus({ tone: "error", text: "The server could not be reached. Nothing was saved; try again.", doc });
    } finally {
      setSaving(false);
    }
  }, [id, mode, namespace, readOnly, router, saving, tenantId]);

  const saveRef = useRef(save);
  useEffect(() => {
    saveRef.current = save;
  }, [save]);

  // Ctrl/Cmd+S saves wherever the focus is, instead of the browser's "save page".
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "s") {
        event.preventDefault();
        void saveRef.current();
      }
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, []);

  useEffect(() => {
    if (!host.current) return;
    const validate = linter(
      async (v) => {
        const doc = v.state.doc;
        setChecking(true);
        try {
          const { problems: found, graph: drawn } = await validateFlowDraft(doc.toString());
          // A newer edit is on its way to validation: its result is the one to show.
          if (v.state.doc !== doc) return [];
          setProblems(found);
          setCheckedDoc(doc);
          if (drawn) setGraph({ graph: drawn, doc });
          return toDiagnostics(doc, found);
        } catch {
          return [];
        } finally {
          setChecking(false);
        }
      },
      { delay: 450 },
    );
    const state = EditorState.create({
      doc: initialSource,
      extensions: [
        lineNumbers(),
        foldGutter(),
        lintGutter(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        drawSelection(),
        indentOnInput(),
        indentUnit.of("  "),
        EditorState.tabSize.of(2),
        bracketMatching(),
        closeBrackets(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        yaml(),
        yamlHighlighting,
        editorTheme,
        validate,
        autocompletion({ override: [completionSource(catalog)], icons: false }),
        keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...foldKeymap, ...completionKeymap, ...lintKeymap, indentWithTab]),
        EditorState.readOnly.of(readOnly),
        EditorView.contentAttributes.of({ "aria-label": "Flow source (YAML)" }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) {
            setDirty(!update.state.doc.eq(savedDoc.current!));
            setCurrentDoc(update.state.doc);
          }
          if ((update.docChanged || update.selectionSet) && splitRef.current) {
            const next = typeAtCursor(update.state.doc.toString(), update.state.selection.main.head);
            setTypeAt((prev) => (prev?.type === next?.type && prev?.category === next?.category ? prev : next));
          }
        }),
      ],
    });
    savedDoc.current = state.doc;
    setCurrentDoc(state.doc);
    const editor = new EditorView({ state, parent: host.current });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // The editor is created once; a new initial source (another flow) remounts the component.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const jumpTo = useCallback((p: FlowProblem) => {
    const editor = view.current;
    if (!editor) return;
    const [diagnostic] = toDiagnostics(editor.state.doc, [p]);
    editor.dispatch({ selection: { anchor: diagnostic.from }, scrollIntoView: true });
    editor.focus();
  }, []);

  useEffect(() => {
    splitRef.current = split;
    const editor = view.current;
    if (split && editor) setTypeAt(typeAtCursor(editor.state.doc.toString(), editor.state.selection.main.head));
  }, [split]);

  const count = problems?.length ?? 0;
  // A failed save's message describes the text that was sent; once the text changes, say what is true of the new text.
  let banner = status;
  if (status && status.tone === "error" && currentDoc && status.doc !== currentDoc) {
    const upToDate = checkedDoc === currentDoc && problems !== null;
    const first = upToDate && problems.length ? problems[0] : null;
    banner = {
      tone: upToDate && problems.length === 0 ? "info" : "error",
      doc: currentDoc,
      text: !upToDate
        ? "Not saved. Checking the changed text…"
        : first
          ? `Not saved. The text now has ${problems.length === 1 ? "a problem" : `${problems.length} problems`}: line ${first.line}, ${first.message}.`
          : `Not saved yet. The text is valid now: ${mode === "create" ? "create the flow" : "save"} to keep it.`,
    };
  }
  return (
    <div className="flex flex-col overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-xs" data-testid="flow-editor">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1.5 border-b border-zinc-200 px-3 py-2">
        <div className="flex min-w-0 flex-1 flex-wrap items-center gap-x-3 gap-y-1 text-[12px]">
          {readOnly ? (
            <span className="flex items-center gap-1.5 text-zinc-600">
              <Lock size={13} /> Read-only
            </span>
          ) : dirty ? (
            <span className="flex items-center gap-1.5 font-medium text-amber-700" data-testid="dirty-indicator">
              <span aria-hidden="true" className="size-2 rounded-full bg-amber-500" /> Unsaved changes
            </span>
          ) : (
            <span className="flex items-center gap-1.5 text-zinc-500">
              <span aria-hidden="true" className="size-2 rounded-full bg-zinc-300" />
              {mode === "create" ? "New flow, not saved yet" : "All changes saved"}
            </span>
          )}
          {shownRevision !== undefined && (
            <span className="text-zinc-500" data-testid="editor-revision">
              Revision <span className="font-mono text-zinc-900">{shownRevision}</span>
            </span>
          )}
          <span className="flex items-center gap-1 text-zinc-500" aria-live="polite">
            {problems === null || checking ? (
              <>
                <span aria-hidden="true" className="size-3 animate-spin rounded-full border-2 border-zinc-300 border-r-transparent" /> Checking…
              </>
            ) : count === 0 ? (
              <>
                <Check size={13} className="text-emerald-600" /> Valid
              </>
            ) : (
              <>
                <AlertTriangle size={13} className="text-red-600" /> {count} {count === 1 ? "problem" : "problems"}
              </>
            )}
          </span>
        </div>
        {/* The side pane needs width: phones get the text alone. */}
        <span className="hidden md:block">
          <button
            type="button"
            onClick={() => {
              window.localStorage.setItem(SPLIT_KEY, split ? "off" : "on");
              setSplit(!split);
            }}
            aria-pressed={split}
            className={buttonClass("secondary", "sm")}
            title="Show the live topology and the documentation of the type under the cursor beside the text"
          >
            Topology and docs
          </button>
        </span>
        {!readOnly && (
          <button type="button" onClick={() => void save()} disabled={saving || (!dirty && mode === "update")} className={buttonClass("primary", "sm", "gap-1.5")}>
            {saving && <span aria-hidden="true" className="size-3 animate-spin rounded-full border-2 border-current border-r-transparent" />}
            {mode === "create" ? "Create flow" : "Save"}
            <kbd className="hidden rounded bg-white/15 px-1 font-sans text-[10px] text-zinc-300 sm:inline">{shortcut}</kbd>
          </button>
        )}
      </div>
      {readOnlyReason && <p className="border-b border-zinc-200 bg-zinc-50 px-3 py-1.5 text-[12px] text-zinc-600">{readOnlyReason}</p>}
      {banner && (
        <p
          role={banner.tone === "error" ? "alert" : "status"}
          className={cn(
            "flex items-start gap-1.5 border-b px-3 py-1.5 text-[12px]",
            banner.tone === "error" ? "border-red-200 bg-red-50 text-red-700" : banner.tone === "info" ? "border-amber-100 bg-amber-50 text-amber-800" : "border-emerald-100 bg-emerald-50 text-emerald-800",
          )}
          data-testid="editor-status"
          data-tone={banner.tone}
        >
          {banner.tone === "ok" ? <Check size={14} className="mt-0.5 shrink-0" /> : <AlertTriangle size={14} className="mt-0.5 shrink-0" />}
          {banner.text}
        </p>
      )}
      <div className="flex h-[calc(100dvh-330px)] min-h-[360px] md:min-h-[440px]">
        <div ref={host} className="h-full min-w-0 flex-1 overflow-hidden" />
        {split && <EditorSide graph={graph?.graph ?? null} stale={Boolean(graph && currentDoc && graph.doc !== currentDoc && checkedDoc === currentDoc)} catalog={catalog} at={typeAt} />}
      </div>
      <ProblemsPanel problems={problems ?? []} onSelect={jumpTo} />
    </div>
  );
}

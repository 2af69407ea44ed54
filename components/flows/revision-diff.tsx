"use client";

import { yaml } from "@codemirror/lang-yaml";
import { MergeView, unifiedMergeView } from "@codemirror/merge";
import { EditorState, type Extension } from "@codemirror/state";
import { EditorView, lineNumbers } from "@codemirror/view";
import { useEffect, useRef, useState } from "react";
import { editorTheme, yamlHighlighting } from "./codemirror-theme";

const readOnly: Extension[] = [EditorState.readOnly.of(true), EditorView.editable.of(false), lineNumbers(), yaml(), yamlHighlighting, editorTheme];

const diffTheme = EditorView.theme({
  "&": { height: "auto" },
  ".cm-changedLine": { backgroundColor: "#fef9c3aa" },
  ".cm-deletedChunk": { backgroundColor: "#fee2e2" },
  ".cm-insertedLine, .cm-changedLine.cm-insertedLine": { backgroundColor: "#dcfce7" },
  ".cm-deletedLine, .cm-changedLine.cm-deletedLine": { backgroundColor: "#fee2e2" },
  ".cm-changedText": { background: "#bbf7d0" },
  ".cm-deletedText, .cm-deletedChunk .cm-deletedText": { background: "#fecaca" },
  ".cm-collapsedLines": { fontFamily: "var(--font-sans)", fontSize: "11px", color: "#71717a", backgroundColor: "#fafafa", cursor: "pointer" },
  // The default marks (⦚) are missing from common fonts.
  ".cm-collapsedLines:before, .cm-collapsedLines:after": { content: "none" },
});

/**
 * Two revisions of a flow side by side (read-only), with the unchanged stretches folded.
 * Below the md breakpoint the two sides would be too narrow: one column, deletions inline.
 */
export default function RevisionDiff({ left, right }: { left: string; right: string }) {
  const host = useRef<HTMLDivElement>(null);
  const [wide, setWide] = useState<boolean | null>(null);

  useEffect(() => {
    const query = window.matchMedia("(min-width: 768px)");
    const update = () => setWide(query.matches);
    update();
    query.addEventListener("change", update);
    return () => query.removeEventListener("change", update);
  }, []);

  useEffect(() => {
    if (!host.current || wide === null) return;
    const collapse = { margin: 3, minSize: 6 };
    if (wide) {
      const merge = new MergeView({
        a: { doc: left, extensions: [...readOnly, diffTheme] },
        b: { doc: right, extensions: [...readOnly, diffTheme] },
        parent: host.current,
        collapseUnchanged: collapse,
        gutter: true,
      });
      return () => merge.destroy();
    }
    const unified = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: right,
        extensions: [...readOnly, diffTheme, unifiedMergeView({ original: left, mergeControls: false, collapseUnchanged: collapse })],
      }),
    });
    return () => unified.destroy();
  }, [left, right, wide]);

  return <div ref={host} className="min-h-24 [&_.cm-mergeView]:max-h-none" data-testid="revision-diff" />;
}

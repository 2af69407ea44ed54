"use client";

import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { yaml } from "@codemirror/lang-yaml";
import { bracketMatching, indentOnInput } from "@codemirror/language";
import { EditorState } from "@codemirror/state";
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from "@codemirror/view";
import { useEffect, useRef } from "react";
import { editorTheme, yamlHighlighting } from "@/components/flows/codemirror-theme";

/** Syntax by extension where it costs nothing more: YAML (and JSON, which YAML reads); plain text otherwise. */
function language(path: string) {
  return /\.(ya?ml|json)$/i.test(path) ? [yaml(), yamlHighlighting] : [];
}

/** The flows' CodeMirror set-up for one namespace file; `onChange` gets every edit. */
export default function FileEditor({ path, initial, readOnly, onChange }: { path: string; initial: string; readOnly: boolean; onChange: (text: string) => void }) {
  const host = useRef<HTMLDivElement>(null);
  const change = useRef(onChange);
  useEffect(() => {
    change.current = onChange;
  }, [onChange]);
  useEffect(() => {
    if (!host.current) return;
    const view = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: initial,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightActiveLine(),
          drawSelection(),
          history(),
          indentOnInput(),
          bracketMatching(),
          keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
          editorTheme,
          ...language(path),
          EditorState.readOnly.of(readOnly),
          EditorView.contentAttributes.of({ "aria-label": `Content of ${path}` }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) change.current(u.state.doc.toString());
          }),
        ],
      }),
    });
    return () => view.destroy();
  }, [path, initial, readOnly]);
  return <div ref={host} className="h-full min-h-[360px]" data-testid="file-editor" />;
}

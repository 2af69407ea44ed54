import { EditorView } from "@codemirror/view";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { tags } from "@lezer/highlight";

/** The editors' look: the app's mono font and greys, YAML keys in brand colour. */
export const editorTheme = EditorView.theme({
  "&": { height: "100%", fontSize: "12.5px", backgroundColor: "#fff" },
  "&.cm-focused": { outline: "none" },
  ".cm-scroller": { fontFamily: "var(--font-mono)", lineHeight: "1.6" },
  ".cm-content": { padding: "8px 0" },
  ".cm-gutters": { backgroundColor: "#fafafa", borderRight: "1px solid #e4e4e7", color: "#a1a1aa" },
  ".cm-lineNumbers .cm-gutterElement": { padding: "0 8px 0 12px", minWidth: "36px" },
  ".cm-activeLine": { backgroundColor: "#f4f4f5aa" },
  ".cm-activeLineGutter": { backgroundColor: "#f4f4f5", color: "#3f3f46" },
  ".cm-selectionBackground, &.cm-focused .cm-selectionBackground, ::selection": { backgroundColor: "#e0e7ff !important" },
  ".cm-cursor": { borderLeftColor: "#18181b" },
  ".cm-tooltip": { border: "1px solid #e4e4e7", borderRadius: "6px", boxShadow: "0 4px 12px rgb(0 0 0 / 0.08)", backgroundColor: "#fff", overflow: "hidden" },
  ".cm-tooltip-autocomplete > ul": { fontFamily: "var(--font-mono)", fontSize: "12px", maxHeight: "16em" },
  ".cm-tooltip-autocomplete > ul > li": { padding: "2px 8px !important" },
  ".cm-tooltip-autocomplete > ul > li[aria-selected]": { backgroundColor: "#eef2ff", color: "#18181b" },
  ".cm-completionDetail": { color: "#71717a", fontStyle: "normal", marginLeft: "8px" },
  ".cm-completionInfo": { fontFamily: "var(--font-sans)", fontSize: "12px", padding: "6px 8px", maxWidth: "320px" },
  ".cm-diagnostic": { fontFamily: "var(--font-sans)", fontSize: "12px", padding: "4px 8px" },
  ".cm-diagnostic-error": { borderLeft: "3px solid #dc2626" },
  ".cm-diagnosticSource": { fontFamily: "var(--font-mono)", color: "#71717a" },
  ".cm-lintRange-error": {
    backgroundImage: "none",
    textDecoration: "underline wavy #dc2626",
    textDecorationSkipInk: "none",
    textUnderlineOffset: "3px",
    backgroundColor: "#fef2f2",
  },
  ".cm-lint-marker": { width: "0.9em", height: "0.9em" },
  ".cm-foldGutter .cm-gutterElement": { color: "#a1a1aa", padding: "0 4px" },
  ".cm-panels": { fontFamily: "var(--font-sans)", fontSize: "12px" },
});

const yamlStyle = HighlightStyle.define([
  { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: "#4338ca" },
  { tag: [tags.string, tags.special(tags.string)], color: "#047857" },
  { tag: [tags.number, tags.bool, tags.null], color: "#b45309" },
  { tag: tags.comment, color: "#a1a1aa", fontStyle: "italic" },
  { tag: [tags.keyword, tags.definitionKeyword, tags.modifier], color: "#9333ea" },
  { tag: [tags.punctuation, tags.separator, tags.squareBracket, tags.brace], color: "#71717a" },
  { tag: [tags.labelName, tags.typeName, tags.meta], color: "#be185d" },
  { tag: tags.content, color: "#18181b" },
]);

export const yamlHighlighting = syntaxHighlighting(yamlStyle);

/**
 * Syntax tree of a parsed template. Every node keeps the offset of its first token so errors
 * can name the line and column; nodes are immutable and safe to cache and share.
 */
import type { TemplateValue } from "./values";

export type Args = {
  readonly positional: readonly Expr[];
  readonly named: readonly { readonly name: string; readonly value: Expr }[];
};

export type BinaryOperator =
  | "or"
  | "and"
  | "=="
  | "!="
  | "<"
  | ">"
  | "<="
  | ">="
  | "+"
  | "-"
  | "*"
  | "/"
  | "%"
  | "~"
  | ".."
  | "??"
  | "???"
  | "contains"
  | "in"
  | "notIn";

export type Expr =
  | { readonly type: "literal"; readonly value: TemplateValue; readonly float: boolean; readonly offset: number }
  | { readonly type: "interpolation"; readonly parts: readonly (string | Expr)[]; readonly offset: number }
  | { readonly type: "list"; readonly items: readonly Expr[]; readonly offset: number }
  | {
      readonly type: "map";
      readonly entries: readonly { readonly key: Expr; readonly value: Expr }[];
      readonly offset: number;
    }
  | { readonly type: "name"; readonly name: string; readonly offset: number }
  | { readonly type: "member"; readonly object: Expr; readonly property: Expr; readonly offset: number }
  | { readonly type: "call"; readonly name: string; readonly args: Args; readonly offset: number }
  | {
      readonly type: "filter";
      readonly input: Expr;
      readonly name: string;
      readonly args: Args;
      readonly offset: number;
    }
  | {
      readonly type: "test";
      readonly input: Expr;
      readonly name: string;
      readonly args: Args;
      readonly negated: boolean;
      readonly offset: number;
    }
  | { readonly type: "unary"; readonly operator: "not" | "-" | "+"; readonly operand: Expr; readonly offset: number }
  | {
      readonly type: "binary";
      readonly operator: BinaryOperator;
      readonly left: Expr;
      readonly right: Expr;
      readonly offset: number;
    }
  | {
      readonly type: "ternary";
      readonly condition: Expr;
      readonly then: Expr;
      readonly otherwise: Expr;
      readonly offset: number;
    };

export type FilterCall = { readonly name: string; readonly args: Args; readonly offset: number };

export type Node =
  | { readonly type: "text"; readonly value: string; readonly offset: number }
  | { readonly type: "print"; readonly expr: Expr; readonly offset: number }
  | {
      readonly type: "if";
      readonly branches: readonly { readonly condition: Expr; readonly body: readonly Node[] }[];
      readonly otherwise: readonly Node[] | null;
      readonly offset: number;
    }
  | {
      readonly type: "for";
      readonly variable: string;
      readonly iterable: Expr;
      readonly body: readonly Node[];
      readonly otherwise: readonly Node[] | null;
      readonly offset: number;
    }
  | { readonly type: "set"; readonly name: string; readonly expr: Expr; readonly offset: number }
  | {
      readonly type: "filterBlock";
      readonly filters: readonly FilterCall[];
      readonly body: readonly Node[];
      readonly offset: number;
    };

export type Template = { readonly source: string; readonly nodes: readonly Node[] };

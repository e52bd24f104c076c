// The plain value a JS/TS expression statically is: literals, arrays, object literals, and
// `new TableColumn({...})`-style constructor calls (their options object, tagged with the class).
// Undefined when any part is only known at run time.
import type { Expression, Node } from '@babel/types';
import { staticString, type Constants } from './literal.js';

export type StaticValue = string | number | boolean | null | StaticValue[] | StaticObject;
export interface StaticObject {
  [key: string]: StaticValue | undefined;
}

/** `new Table({...})` evaluates to its options with this key naming the class. */
export const CLASS_KEY = '@class';

function propertyKey(key: Node, computed: boolean): string | undefined {
  if (computed) return undefined;
  if (key.type === 'Identifier') return key.name;
  if (key.type === 'StringLiteral') return key.value;
  if (key.type === 'NumericLiteral') return String(key.value);
  return undefined;
}

export function staticValue(node: Expression | Node, text: string, constants: Constants, depth = 0): StaticValue | undefined {
  if (depth > 16) return undefined;
  switch (node.type) {
    case 'StringLiteral':
    case 'TemplateLiteral':
    case 'BinaryExpression': {
      const s = staticString(node, text, constants);
      return 'unresolved' in s ? undefined : s.value;
    }
    case 'NumericLiteral':
    case 'BooleanLiteral':
      return node.value;
    case 'NullLiteral':
      return null;
    case 'Identifier': {
      if (node.name === 'undefined') return undefined;
      const value = constants.get(node.name);
      return value ? staticValue(value, text, constants, depth + 1) : undefined;
    }
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
    case 'TSNonNullExpression':
    case 'ParenthesizedExpression':
      return staticValue(node.expression, text, constants, depth + 1);
    case 'UnaryExpression':
      if (node.operator === '-' && node.argument.type === 'NumericLiteral') return -node.argument.value;
      return undefined;
    case 'ArrayExpression': {
      const out: StaticValue[] = [];
      for (const element of node.elements) {
        if (!element || element.type === 'SpreadElement') return undefined;
        const value = staticValue(element, text, constants, depth + 1);
        if (value === undefined) return undefined;
        out.push(value);
      }
      return out;
    }
    case 'ObjectExpression': {
      const out: StaticObject = {};
      for (const property of node.properties) {
        if (property.type !== 'ObjectProperty') return undefined;
        const key = propertyKey(property.key, property.computed);
        if (key === undefined) return undefined;
        const value = staticValue(property.value, text, constants, depth + 1);
        // An option written as `undefined` is as good as left out; anything else unknown is dynamic.
        if (value === undefined && !(property.value.type === 'Identifier' && property.value.name === 'undefined')) return undefined;
        if (value !== undefined) out[key] = value;
      }
      return out;
    }
    case 'NewExpression': {
      if (node.callee.type !== 'Identifier') return undefined;
      const arg = node.arguments[0];
      const options = arg && arg.type !== 'SpreadElement' && arg.type !== 'ArgumentPlaceholder' ? staticValue(arg, text, constants, depth + 1) : {};
      if (!options || typeof options !== 'object' || Array.isArray(options)) return undefined;
      return { ...options, [CLASS_KEY]: node.callee.name };
    }
    default:
      return undefined;
  }
}

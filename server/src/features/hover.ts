/**
 * Hover: our explanations of taint keys, effects, operators, tolerations and node selection (with the cluster's
 * nodes when there is a snapshot), followed by the field's Kubernetes API description from the embedded schema
 * service.
 */
import { MarkupKind, type Hover } from 'vscode-languageserver';
import type { Position, Range } from '../model/lineIndex';
import type { PodTemplateSpec } from '../kube/types';
import { cursorContext, placeOf, type CursorContext } from './cursorContext';
import { asRecord, documentReader, type SourceText } from './documentValues';
import { labelKeyMarkdown, NODE_FIELD_OPERATORS, NODE_SELECTOR_OPERATORS, taintKeyMarkdown, TAINT_EFFECTS, TOLERATION_OPERATORS } from './knowledge';
import {
  daemonSetLine,
  nodeSelectorMarkdown,
  nodeSelectorPairLine,
  podTolerationsMarkdown,
  requirementMarkdown,
  tolerationMarkdown,
  type HoverEnvironment,
} from './hoverTexts';

export type { HoverEnvironment } from './hoverTexts';

export interface OwnHover {
  markdown: string;
  range: Range;
}

/** Our part of the hover at a position, if we have something to say there. */
export function ownHover(source: SourceText, position: Position, env: HoverEnvironment): OwnHover | undefined {
  const context = cursorContext(source.text, source.lines.offsetAt(position));
  if (!context) return undefined;
  const markdown = hoverText(documentReader(source.text, context.document), context, env);
  if (!markdown) return undefined;
  return { markdown, range: source.lines.rangeOf(context.token.start, context.token.end) };
}

type Reader = ReturnType<typeof documentReader>;

function hoverText(read: Reader, context: CursorContext, env: HoverEnvironment): string | undefined {
  const place = context.place;
  const daemonSet = context.document.kind === 'DaemonSet';
  const value = context.kind === 'value' ? context.token.text : undefined;
  const term = (list: readonly { name: string; documentation: string }[]) => {
    const found = list.find((entry) => entry.name === value);
    return found ? `**${found.name}**\n\n${found.documentation}` : undefined;
  };
  switch (place?.type) {
    case 'toleration':
      if (context.key === 'key' && value !== undefined && value !== '') return taintKeyMarkdown(value, env.snapshot, daemonSet);
      if (context.key === 'effect' && value !== undefined) return term(TAINT_EFFECTS);
      if (context.key === 'operator' && value !== undefined) return term(TOLERATION_OPERATORS);
      return tolerationMarkdown(read(context.path), env, daemonSet);
    case 'nodeSelector': {
      const key = context.kind === 'key' ? context.token.text : context.key;
      if (!key) return undefined;
      const labelValue = context.kind === 'value' ? context.token.text : asRecord(read(context.path))[key];
      const pair = labelValue === undefined ? undefined : nodeSelectorPairLine(key, String(labelValue ?? ''), env);
      return [labelKeyMarkdown(key, env.snapshot), pair].filter(Boolean).join('\n\n');
    }
    case 'nodeSelectorRequirement':
    case 'requirementValue': {
      if (context.key === 'key' && value && place.field === 'matchExpressions') return labelKeyMarkdown(value, env.snapshot);
      if (context.key === 'operator' && value) return term(place.field === 'matchFields' ? NODE_FIELD_OPERATORS : NODE_SELECTOR_OPERATORS);
      const requirementPath = place.type === 'requirementValue' ? place.requirement : context.path;
      const required = [...place.podSpec, 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution'];
      const isRequired = place.term[required.length - 1] === 'requiredDuringSchedulingIgnoredDuringExecution';
      return requirementMarkdown(
        read(requirementPath),
        place.field,
        read(place.term),
        isRequired ? read(required) : undefined,
        env,
      );
    }
    default:
      return podSpecKeyText(read, context, env, daemonSet);
  }
}

/** Hovers on the `tolerations` and `nodeSelector` keys of a pod spec, and on `kind: DaemonSet`. */
function podSpecKeyText(read: Reader, context: CursorContext, env: HoverEnvironment, daemonSet: boolean): string | undefined {
  if (context.kind === 'value' && context.path.length === 0 && context.key === 'kind' && daemonSet && env.snapshot) {
    const template = asRecord(asRecord(read(['spec'])).template) as PodTemplateSpec;
    return daemonSetLine(env.snapshot, template, env.options);
  }
  if (context.kind !== 'key' || context.key === undefined) return undefined;
  const place = placeOf('value', [...context.path, context.key], context.document.kind);
  if (place?.type === 'tolerations') {
    const podSpec = asRecord(read(place.podSpec));
    const template = (place.podSpec.length >= 1 ? asRecord(read(place.podSpec.slice(0, -1))) : {}) as PodTemplateSpec;
    return podTolerationsMarkdown(podSpec, template, env, daemonSet);
  }
  if (place?.type === 'nodeSelector') return nodeSelectorMarkdown(read([...place.podSpec, 'nodeSelector']), env);
  return undefined;
}

/** Our hover followed by the schema's field description (either may be missing). */
export async function provideHover(
  source: SourceText,
  position: Position,
  env: HoverEnvironment,
  schemaHover?: () => Promise<Hover | null>,
): Promise<Hover | null> {
  const ours = ownHover(source, position, env);
  // The embedded service throws on some odd YAML (a null key: `~: y`); our own hover must still answer.
  const schema = schemaHover ? await schemaHover().catch(() => null) : null;
  const schemaText = schema ? markdownOf(schema.contents) : '';
  if (!ours && !schemaText) return null;
  const value = [ours?.markdown, schemaText].filter((text) => text).join('\n\n---\n\n');
  const hover: Hover = { contents: { kind: MarkupKind.Markdown, value } };
  const range = ours?.range ?? schema?.range;
  if (range) hover.range = range;
  return hover;
}

function markdownOf(contents: Hover['contents']): string {
  if (typeof contents === 'string') return contents;
  if (Array.isArray(contents)) return contents.map((part) => (typeof part === 'string' ? part : `\`\`\`${part.language}\n${part.value}\n\`\`\``)).join('\n\n');
  return contents.value;
}

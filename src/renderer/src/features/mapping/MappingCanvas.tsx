import { Background, Controls, Handle, MarkerType, Position, ReactFlow, type Connection, type Edge, type Node, type NodeProps } from '@xyflow/react';
import { useMemo } from 'react';
import type { ColumnType } from '../../../../shared/model/connection';
import type { OutputFieldInfo } from '../../../../shared/model/mapping-api';
import { transformMeta } from '../../../../shared/transforms/registry';
import { t, useTranslation } from '../../i18n';
import { KEY_FIELD } from '../../stores/mapping-store';
import { useMappingStore } from '../../stores/StudioProvider';
import { edgeTypeProblem } from './edge-checks';
import { useCanvasModel, type CanvasColumn, type CanvasSource } from './canvas-model';

const ROW = 28;
const HEADER = 58;
const GAP = 32;
const TARGET_X = 560;

interface SourceNodeData extends Record<string, unknown> {
  source: CanvasSource;
}
interface TargetNodeData extends Record<string, unknown> {
  entity: string;
  fields: OutputFieldInfo[];
  problems: Record<string, string>;
}

/** One source stream (the driving one, or a join): a row per column, each a drag handle and a keyboard button. */
function SourceNode({ data }: NodeProps<Node<SourceNodeData>>) {
  const pending = useMappingStore((s) => s.pendingColumn);
  const pickColumn = useMappingStore((s) => s.pickColumn);
  const { source } = data;
  return (
    <div className="mapping-node mapping-node-source" data-testid={`source-node-${source.id}`}>
      <div className="mapping-node-header">
        <strong dir="auto">{source.stream}</strong>
        {source.joinedAs && <span className="muted mapping-node-sub">{source.joinedAs}</span>}
      </div>
      <ul aria-label={t('mapping.sourceColumns', { stream: source.stream })}>
        {source.columns.map((c) => (
          <li key={c.name} className="mapping-row">
            {source.id !== 'source' && <Handle type="target" position={Position.Left} id={`in:${c.name}`} isConnectable={false} />}
            <button
              type="button"
              className="mapping-row-button nodrag"
              aria-pressed={pending === c.name}
              aria-label={t('mapping.connect.pickColumn', { column: c.name })}
              data-testid={`column-${c.name}`}
              onClick={() => pickColumn(c.name)}
            >
              <span dir="auto">{c.label}</span>
              {c.type && <span className="mapping-type">{c.type}</span>}
            </button>
            <Handle type="source" position={Position.Right} id={`col:${c.name}`} />
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The Academia Pro entity: a row per field; required ones marked until something feeds them. */
function TargetNode({ data }: NodeProps<Node<TargetNodeData>>) {
  const selected = useMappingStore((s) => s.selectedField);
  const pickField = useMappingStore((s) => s.pickField);
  const pending = useMappingStore((s) => s.pendingColumn);
  return (
    <div className="mapping-node mapping-node-target" data-testid="target-node">
      <div className="mapping-node-header">
        <strong>{data.entity}</strong>
        <span className="muted mapping-node-sub">{t('mapping.targetSub')}</span>
      </div>
      <ul aria-label={t('mapping.targetFields', { entity: data.entity })}>
        {data.fields.map((f) => {
          const unfed = f.required && !f.fedBy;
          const problem = data.problems[f.field];
          const state = [f.fedBy ? t('mapping.fedBy', { columns: f.fedBy.columns.join(', ') }) : t('mapping.notFed'), f.required ? t('mapping.required') : null, problem ?? null].filter(Boolean).join('; ');
          return (
            <li key={f.field} className={['mapping-row', unfed ? 'mapping-row-unfed' : '', problem ? 'mapping-row-mismatch' : ''].join(' ')} data-testid={`field-${f.field}`} data-fed={f.fedBy ? 'true' : 'false'}>
              <Handle type="target" position={Position.Left} id={`field:${f.field}`} />
              <button
                type="button"
                className="mapping-row-button nodrag"
                aria-pressed={selected === f.field}
                aria-label={pending ? t('mapping.connect.pickField', { field: f.field }) : undefined}
                title={state}
                onClick={() => pickField(f.field)}
              >
                <span>
                  {f.field}
                  {f.required && (
                    <abbr className="mapping-required" title={t('mapping.required')}>
                      *
                    </abbr>
                  )}
                </span>
                <span className="mapping-type">{f.format ?? f.type}</span>
              </button>
              <span className="visually-hidden" data-testid={`field-state-${f.field}`}>
                {state}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

const NODE_TYPES = { source: SourceNode, target: TargetNode };

function nodeHeight(rows: number) {
  return HEADER + rows * ROW;
}

/** The step labels drawn on an edge: "Trim spaces → Read dates"; a longer chain shows its first step and how many follow (the panel lists them all). */
export function stepsLabel(kinds: readonly string[]): string {
  const labels = kinds.map((k) => transformMeta(k)?.label ?? k);
  return labels.length > 2 ? t('mapping.stepsMore', { first: labels[0], count: labels.length - 1 }) : labels.join(' → ');
}

/**
 * The canvas: source streams with their joins on the left, the entity's fields on the right, an
 * edge per fed field with its steps on it (red when the types cannot meet), and the open
 * suggestions dashed with their confidence. Dragging from a column to a field connects them; so
 * does picking both with the keyboard (the rows are buttons).
 */
export function MappingCanvas() {
  const { t: tr } = useTranslation();
  const model = useCanvasModel();
  const connect = useMappingStore((s) => s.connect);
  const pickField = useMappingStore((s) => s.pickField);
  const selectedField = useMappingStore((s) => s.selectedField);
  const selectedId = useMappingStore((s) => s.selectedId);

  // Source nodes are rebuilt only when the sources change: React Flow leaves a node whose object is
  // the same alone, so connecting a field re-renders the entity, not 300 source columns.
  const sources = model?.sources;
  const sourceNodes = useMemo(() => {
    const nodeOfColumn = new Map<string, string>();
    const columnType = new Map<string, ColumnType | null>();
    const nodes: Node[] = [];
    let y = 0;
    for (const source of sources ?? []) {
      for (const c of source.columns) {
        nodeOfColumn.set(c.name, source.id);
        columnType.set(c.name, c.type);
      }
      nodes.push({ id: source.id, type: 'source', position: { x: 0, y }, data: { source } satisfies SourceNodeData, draggable: false, selectable: false });
      y += nodeHeight(source.columns.length) + GAP;
    }
    return { nodes, nodeOfColumn, columnType };
  }, [sources]);

  const { nodes, edges } = useMemo(() => {
    if (!model) return { nodes: [] as Node[], edges: [] as Edge[] };
    const { nodeOfColumn, columnType } = sourceNodes;
    const nodes: Node[] = [...sourceNodes.nodes];
    const problems: Record<string, string> = {};
    const edges: Edge[] = [];
    for (const f of model.fields) {
      const mapping = model.draft.fields.find((m) => m.field === f.field);
      const columns = f.field === KEY_FIELD ? model.draft.keyColumns : mapping?.column ? [mapping.column] : [];
      const steps = mapping?.transforms ?? [];
      for (const column of columns) {
        const problem = f.field === KEY_FIELD ? null : edgeTypeProblem(column, columnType.get(column) ?? null, f, steps);
        if (problem) problems[f.field] = problem;
        const source = nodeOfColumn.get(column);
        if (!source) continue;
        edges.push({
          id: `edge:${f.field}:${column}`,
          source,
          sourceHandle: `col:${column}`,
          target: 'target',
          targetHandle: `field:${f.field}`,
          label: steps.length ? stepsLabel(steps.map((s) => s.kind)) : undefined,
          className: ['mapping-edge', problem ? 'mapping-edge-mismatch' : '', selectedField === f.field ? 'mapping-edge-selected' : ''].join(' '),
          markerEnd: { type: MarkerType.ArrowClosed },
          data: { field: f.field },
        });
      }
    }
    for (const s of model.suggestions) {
      const source = s.column ? nodeOfColumn.get(s.column) : undefined;
      if (!source) continue;
      edges.push({
        id: `suggest:${s.field}`,
        source,
        sourceHandle: `col:${s.column}`,
        target: 'target',
        targetHandle: `field:${s.field}`,
        label: tr('mapping.suggestions.edgeLabel', { percent: Math.round(s.confidence * 100) }),
        className: 'mapping-edge mapping-edge-suggested',
        data: { field: s.field },
      });
    }
    for (const join of model.draft.joins ?? []) {
      for (const on of join.on) {
        edges.push({
          id: `join:${join.as}:${on.column}`,
          source: 'source',
          sourceHandle: `col:${on.column}`,
          target: `join:${join.as}`,
          targetHandle: `in:${join.as}.${on.joinColumn}`,
          type: 'smoothstep',
          className: 'mapping-edge mapping-edge-join',
          selectable: false,
        });
      }
    }
    nodes.push({ id: 'target', type: 'target', position: { x: TARGET_X, y: 0 }, data: { entity: model.draft.entity, fields: model.fields, problems } satisfies TargetNodeData, draggable: false, selectable: false });
    return { nodes, edges };
  }, [model, sourceNodes, selectedField, tr]);

  if (!model) return null;

  const onConnect = (c: Connection) => {
    const column = c.sourceHandle?.startsWith('col:') ? c.sourceHandle.slice(4) : null;
    const field = c.targetHandle?.startsWith('field:') ? c.targetHandle.slice(6) : null;
    if (column && field) connect(column, field);
  };

  return (
    <div className="mapping-canvas" role="group" aria-label={tr('mapping.canvas', { stream: model.draft.stream, entity: model.draft.entity })} data-testid="mapping-canvas">
      <ReactFlow
        // A new mapping is a new picture: fitted to the view afresh.
        key={selectedId ?? 'new'}
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        onConnect={onConnect}
        isValidConnection={(c) => Boolean(c.sourceHandle?.startsWith('col:') && c.targetHandle?.startsWith('field:'))}
        onEdgeClick={(_event, edge) => {
          const field = (edge.data as { field?: string } | undefined)?.field;
          if (field) pickField(field);
        }}
        nodesDraggable={false}
        fitView
        minZoom={0.2}
      >
        <Background gap={24} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}

export type { CanvasColumn };

import { describe, expect, test } from 'vitest';
import { MermaidSyntaxError, parseFlowchart } from './mermaid-parse';

describe('parseFlowchart', () => {
  test('nodes, shapes, labelled edges, chains and groups', () => {
    const chart = parseFlowchart(`%% lineage
flowchart LR
  sf[(salesforce.contacts)] --> stg[stg_contacts]
  hs["HubSpot <br/> contacts"] -->|union| stg
  stg -- resolve --> ent([entities]) & xref{{entity_xref}}
  a --> b --> c;  c -.-> a
  ent ==> out>promoted]
  classDef hot fill:#f00
  class ent hot
  subgraph target [Target bucket]
    out
  end`);
    expect(chart.direction).toBe('LR');
    expect(chart.nodes.get('sf')).toEqual({ id: 'sf', label: 'salesforce.contacts', shape: 'cylinder' });
    expect(chart.nodes.get('hs')?.label).toBe('HubSpot \n contacts');
    expect(chart.nodes.get('ent')?.shape).toBe('stadium');
    expect(chart.nodes.get('xref')?.shape).toBe('hexagon');
    expect(chart.nodes.get('out')?.shape).toBe('flag');
    const edges = chart.edges.map((e) => `${e.from}${e.line === 'dotted' ? '.' : e.line === 'thick' ? '=' : '-'}${e.to}${e.label ? `:${e.label}` : ''}`);
    expect(edges).toEqual(['sf-stg', 'hs-stg:union', 'stg-ent:resolve', 'stg-xref:resolve', 'a-b', 'b-c', 'c.a', 'ent=out']);
  });

  test('dotted ids (table.column lineage) and a direction default', () => {
    const chart = parseFlowchart('graph\n  salesforce.Email --> stg_contacts.email');
    expect(chart.direction).toBe('TB');
    expect([...chart.nodes.keys()]).toEqual(['salesforce.Email', 'stg_contacts.email']);
  });

  test('anything else is refused, so the caller shows the source', () => {
    expect(() => parseFlowchart('sequenceDiagram\n  A->>B: hi')).toThrow(MermaidSyntaxError);
    expect(() => parseFlowchart('graph LR\n  A --> B[unclosed')).toThrow(/expected \]/);
    expect(() => parseFlowchart('graph LR\n  A ~~~ B')).toThrow(/unexpected text/);
  });
});

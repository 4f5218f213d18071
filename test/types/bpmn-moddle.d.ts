/** bpmn-moddle ships no types; the diagram test reads its parse result loosely. */
declare module 'bpmn-moddle' {
  export default class BpmnModdle {
    fromXML(xml: string): Promise<{ rootElement: any; warnings: unknown[] }>;
  }
}

// UTF-8 encoding and decoding: not I/O, and in every JavaScript host (Node, browsers, workers),
// but declared only by Node's and the DOM's types. The pure build (tsconfig.pure.json) has
// neither, so it gets just these two.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array): string;
}

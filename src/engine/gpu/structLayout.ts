/**
 * GPU buffer layouts, declared once: each struct is a list of 4-byte scalar fields from which
 * both the WGSL declaration and the host-side packer are derived, so no byte offset is ever
 * counted by hand in two places. Only 4-byte scalars are allowed, which makes WGSL's storage
 * layout trivial (align 4, size = 4 × fields, array stride = size).
 */
export type Scalar = 'f32' | 'u32';

export interface StructLayout<Name extends string> {
  readonly name: string;
  readonly fields: readonly (readonly [Name, Scalar])[];
  /** Words (4-byte) per element. */
  readonly words: number;
  readonly byteSize: number;
  /** `struct Name { a: f32, b: u32, }` */
  readonly wgsl: string;
  /** Packs rows into a buffer of `rows.length × byteSize` bytes (optionally padded to `minBytes`). */
  pack(rows: readonly Record<Name, number>[], minBytes?: number): ArrayBuffer;
}

export function defineStruct<Name extends string>(name: string, fields: readonly (readonly [Name, Scalar])[]): StructLayout<Name> {
  const words = fields.length;
  const wgsl = `struct ${name} {\n${fields.map(([field, type]) => `  ${field}: ${type},`).join('\n')}\n}\n`;
  return {
    name,
    fields,
    words,
    byteSize: 4 * words,
    wgsl,
    pack(rows, minBytes = 0) {
      const buffer = new ArrayBuffer(Math.max(minBytes, 4 * words * rows.length));
      const asFloat = new Float32Array(buffer);
      const asUint = new Uint32Array(buffer);
      rows.forEach((row, r) => {
        fields.forEach(([field, type], f) => {
          const value = row[field];
          if (type === 'f32') asFloat[r * words + f] = value;
          else asUint[r * words + f] = value;
        });
      });
      return buffer;
    },
  };
}

/** A uniform buffer's size must be a multiple of 16 bytes. */
export function uniformByteSize(layout: StructLayout<string>): number {
  return Math.ceil(layout.byteSize / 16) * 16;
}

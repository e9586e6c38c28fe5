/**
 * WGSL modules and their composition. A module is a piece of hand-written WGSL (one of the
 * `*.wgsl` files beside the kernels, embedded in shaderSources.ts) plus what it declares in
 * TypeScript: the modules whose functions and constants it uses (`needs`), and the `const`
 * values it takes from TypeScript (`consts`). A kernel's source is the closure of its modules,
 * each once, every module after the modules it needs; no WGSL file lists its dependencies in
 * a comment, and none declares a constant that TypeScript also holds.
 */

export interface WgslModule {
  /** Names the module in composed sources and errors (the `.wgsl` file's base name). */
  readonly name: string;
  /** The module's WGSL: functions, structs and constants of its own. */
  readonly code: string;
  /** Modules whose declarations `code` uses; each is composed once, before this one. */
  readonly needs: readonly WgslModule[];
  /**
   * Values declared as `const NAME: u32 = value;` above `code`: numbers TypeScript holds too
   * and that WGSL needs as const-expressions (the size of a function-scope array) or that
   * another language's implementation must agree with (src/random's stream constants).
   */
  readonly consts: Readonly<Record<string, number>>;
}

export function wgslModule(
  name: string,
  code: string,
  options: { needs?: readonly WgslModule[]; consts?: Readonly<Record<string, number>> } = {},
): WgslModule {
  return { name, code, needs: options.needs ?? [], consts: options.consts ?? {} };
}

/** The largest u32. */
const U32_MAX = 0xffff_ffff;

/** `123u`, for a value that must be a u32 (a TypeScript integer in [0, 2^32)). */
export function u32Literal(name: string, value: number): string {
  if (!Number.isInteger(value) || value < 0 || value > U32_MAX) {
    throw new RangeError(`WGSL constant ${name} = ${value}: not a u32 (an integer in [0, 2^32))`);
  }
  return `${value}u`;
}

/** The modules and every module they need, each once, every module after its needs. */
export function moduleClosure(modules: readonly WgslModule[]): WgslModule[] {
  const ordered: WgslModule[] = [];
  const visiting = new Set<WgslModule>();
  const visit = (module: WgslModule, path: readonly string[]) => {
    if (ordered.includes(module)) return;
    if (visiting.has(module)) throw new Error(`WGSL modules need each other in a cycle: ${[...path, module.name].join(' -> ')}`);
    visiting.add(module);
    for (const need of module.needs) visit(need, [...path, module.name]);
    visiting.delete(module);
    ordered.push(module);
  };
  for (const module of modules) visit(module, []);
  return ordered;
}

/** One module's text: a header naming it, its TypeScript constants, its code. */
function moduleText(module: WgslModule): string {
  const consts = Object.entries(module.consts).map(([name, value]) => `const ${name}: u32 = ${u32Literal(name, value)};\n`);
  return `// ---- module ${module.name}\n${consts.join('')}${consts.length > 0 ? '\n' : ''}${module.code}`;
}

/** The WGSL of `modules` and everything they need (moduleClosure's order). */
export function composeWgsl(modules: readonly WgslModule[]): string {
  return moduleClosure(modules).map(moduleText).join('\n');
}

/** See pretest-check.mjs. */
export interface RequirementProbe {
  env: Record<string, string | undefined>;
  isRoot: boolean;
  isExecutable(file: string): boolean;
  listDir(dir: string): string[];
  hasOsUser(name: string): boolean;
}
export interface MissingRequirement {
  /** The Debian package that brings it. */
  apt: string;
  what: string;
}
export declare function systemProbe(env?: Record<string, string | undefined>): RequirementProbe;
export declare function missingTestRequirements(probe?: RequirementProbe): MissingRequirement[];
export declare function installCommand(missing: MissingRequirement[], isRoot: boolean): string;
export declare function missingMessage(missing: MissingRequirement[], isRoot: boolean): string;

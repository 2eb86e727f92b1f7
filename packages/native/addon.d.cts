/** `PLATFORM-ARCH`, as in the prebuilds' directory names. */
export declare const platform: string;
/** The prebuilt addons shipped for this platform, any libc. */
export declare function prebuilds(root: string): string[];
/** Every addon file present, in the order the loader tries them. */
export declare function addonFiles(root: string): string[];

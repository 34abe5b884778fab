import pkg from '../../package.json';

/** The studio's version and name, from package.json (inlined by the bundler). */
export const STUDIO_VERSION: string = pkg.version;
export const PRODUCT_NAME: string = pkg.productName;

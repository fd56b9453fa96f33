/** Stylesheets are bundled by esbuild beside the script (app.css). */
declare module '*.css';

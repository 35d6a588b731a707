// ShareDB's util.js asks for require('util').inherits (Node's built-in) or the "inherits" package; in the browser
// bundle "util" resolves here, so Vite neither externalises a Node module nor warns about it.
import inherits from 'inherits';

export { inherits };
export default { inherits };

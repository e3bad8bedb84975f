// What the local server says about its bundled example functions (src/server/examples), for the unit
// tests that need a real signature. The routes test checks the server still describes them so.
import type { FunctionVariable } from '../../../src/api/types';

/** The parameters of echo_variables.py, as GET /functions/echo_variables describes them. */
export const ECHO_VARIABLES: FunctionVariable[] = [
  { name: 'name', type: 'str', default: null },
  { name: 'count', type: 'int', default: '2' },
  { name: 'ratio', type: 'float', default: '0.5' },
  { name: 'enabled', type: 'bool', default: 'False' },
  { name: 'tags', type: 'list[str]', default: "['a', 'b']" },
  { name: 'options', type: 'dict | None', default: 'None' },
  { name: 'note', type: null, default: 'None' },
];

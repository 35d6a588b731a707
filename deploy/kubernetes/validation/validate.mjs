// Validates every Kubernetes object in the YAML files named on the command line against the schema of its
// apiVersion and kind (kubernetes-models: validators generated from the Kubernetes OpenAPI spec). Prints one line per
// object; exits 1 if any object is invalid or of a kind it has no schema for.
import { readFileSync } from "node:fs";
import yaml from "js-yaml";

let failures = 0;
for (const file of process.argv.slice(2)) {
  for (const object of yaml.loadAll(readFileSync(file, "utf8")).filter(Boolean)) {
    const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : ["", object.apiVersion];
    const module = `kubernetes-models/${group ? group + "/" : ""}${version}/${object.kind}`;
    const name = `${file}: ${object.apiVersion} ${object.kind} ${object.metadata?.name}`;
    try {
      const Model = (await import(module))[object.kind];
      new Model(object).validate();
      console.log(`valid ${name}`);
    } catch (error) {
      failures++;
      console.log(`INVALID ${name}: ${error.message}`);
    }
  }
}
process.exit(failures === 0 ? 0 : 1);

package dev.sandstone.local.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration keys of the table in docs/operations.md: the first cell of each row, where a cell may name
 * siblings in short ({@code `spring.datasource.url` / `username`}, {@code `...issuer-uri` or `.jwk-set-uri`}) and an
 * environment variable as it is ({@code AXONIQ_UPDATE_CHECKER_DISABLED}). Wildcard keys are left out.
 */
final class DocumentedProperties {

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    private DocumentedProperties() {
    }

    static List<String> keys(Path operationsMd) throws IOException {
        List<String> keys = new ArrayList<>();
        for (String line : Files.readAllLines(operationsMd)) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String firstCell = line.substring(1, line.indexOf('|', 1));
            String full = null;
            Matcher code = CODE.matcher(firstCell);
            while (code.find()) {
                String name = code.group(1);
                if (name.contains("*") || name.contains(" ")) {
                    continue;
                }
                if (full != null && (name.startsWith(".") || !name.contains("."))
                        && !name.equals(name.toUpperCase())) {
                    name = full.substring(0, full.lastIndexOf('.') + 1) + name.replaceFirst("^\\.", "");
                } else {
                    full = name;
                }
                keys.add(name);
            }
        }
        return keys;
    }
}

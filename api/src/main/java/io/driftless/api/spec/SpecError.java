package io.driftless.api.spec;

import java.util.Comparator;

/**
 * One thing wrong with a {@code driftless.yaml} (or the same spec sent as JSON), said so the person
 * who wrote it can fix it without reading the schema.
 *
 * @param path    where, in dotted form: {@code services.web.port}, {@code services.web.dependsOn[1]},
 *                {@code hooks.seed.service}; a key that is not a plain name is quoted
 *                ({@code services.web.env["A.B"]}); empty for the file as a whole
 * @param line    1-based line of what is wrong; null when the input had no positions (JSON from the API)
 * @param column  1-based column, null with {@code line}
 * @param message what is wrong and, where it helps, what would be right
 */
public record SpecError(String path, Integer line, Integer column, String message) {

    /** The order errors are shown in: down the file, then by path (errors without a line last). */
    public static final Comparator<SpecError> ORDER = Comparator
            .comparing(SpecError::line, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(SpecError::path)
            .thenComparing(SpecError::column, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(SpecError::message);

    static SpecError at(String path, SpecSource.Position position, String message) {
        return position == null ? new SpecError(path, null, null, message)
                : new SpecError(path, position.line(), position.column(), message);
    }

    @Override
    public String toString() {
        return (line == null ? "" : line + ":" + column + " ") + (path.isEmpty() ? "" : path + ": ") + message;
    }
}

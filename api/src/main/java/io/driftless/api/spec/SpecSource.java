package io.driftless.api.spec;

/**
 * Where each part of a spec was written, by dotted path: what lets an error point at a line. JSON from
 * the API has no positions ({@link #NONE}); a YAML file has them for every key and value.
 */
interface SpecSource {

    /** A 1-based line and column. */
    record Position(int line, int column) {
    }

    SpecSource NONE = new SpecSource() {
        @Override
        public Position value(String path) {
            return null;
        }

        @Override
        public Position key(String path) {
            return null;
        }

        @Override
        public String written(String path) {
            return null;
        }
    };

    /** Where the value at {@code path} starts; null when unknown. */
    Position value(String path);

    /** Where the key naming {@code path} starts; null when unknown or when {@code path} is a list item. */
    Position key(String path);

    /** A number's or boolean's text as written ({@code 1.10}, {@code on}); null when not known. */
    String written(String path);

    /** The key's position when there is one (an unknown or misspelt key), else the value's. */
    default Position keyOrValue(String path) {
        Position key = key(path);
        return key != null ? key : value(path);
    }

    /** The path of {@code key} within {@code parent}: dotted when a plain name, quoted otherwise. */
    static String child(String parent, String key) {
        String part = key.matches("[A-Za-z_][A-Za-z0-9_-]*") ? key
                : "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
        if (parent.isEmpty()) {
            return part;
        }
        return part.startsWith("[") ? parent + part : parent + "." + part;
    }

    /** The path of item {@code index} of the list at {@code parent}. */
    static String item(String parent, int index) {
        return parent + "[" + index + "]";
    }
}

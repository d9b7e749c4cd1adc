package io.driftless.api.spec;

import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A YAML text as a Jackson tree, remembering where every key and value was written. SnakeYAML composes
 * the text to nodes that carry their marks; the conversion to {@link JsonNode} is written here because
 * neither SnakeYAML nor jackson-dataformat-yaml keeps positions past parsing, and because this is where
 * hostile input is stopped: aliases, which expand a small text into a large tree, and deep nesting are
 * bounded, and so is the number of values the tree may have.
 *
 * <p>Duplicate keys are reported with both places (SnakeYAML only sees them when constructing objects,
 * which this never does); the first occurrence is kept, so the rest of the file is still checked.
 */
final class YamlTree implements SpecSource {

    /** A driftless.yaml is a few KiB; four times the largest sensible one is still small. */
    static final int MAX_BYTES = 256 * 1024;
    /** Values (keys' values, list items and collections) the tree may have once aliases are expanded. */
    static final int MAX_NODES = 10_000;
    /** The format nests six deep; anything past this is not a driftless.yaml. */
    static final int MAX_DEPTH = 20;
    static final int MAX_ALIASES = 20;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Map<String, Position> values = new HashMap<>();
    private final Map<String, Position> keys = new HashMap<>();
    private final Map<String, String> written = new HashMap<>();
    private final List<SpecError> errors = new ArrayList<>();
    private final ScalarConstructor scalars;
    private JsonNode root;
    private int nodes;

    private YamlTree(LoaderOptions options) {
        this.scalars = new ScalarConstructor(options);
    }

    /** Reads {@code text}; {@link #root()} is null when it could not be read at all. */
    static YamlTree read(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_BYTES);
        options.setAllowRecursiveKeys(false);
        YamlTree tree = new YamlTree(options);
        // chars never outnumber UTF-8 bytes, so a long text is refused without encoding it
        int bytes = text.length() > MAX_BYTES ? text.length() : text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            tree.errors.add(new SpecError("", 1, 1,
                    "the file is " + ceilKib(bytes) + " KiB; at most " + MAX_BYTES / 1024 + " KiB"));
            return tree;
        }
        Parser parser = new ParserImpl(new StreamReader(new StringReader(text)), options);
        Node node;
        try {
            node = new Composer(parser, new Resolver(), options).getSingleNode();
        } catch (MarkedYAMLException e) {
            tree.errors.add(syntaxError(e));
            return tree;
        } catch (YAMLException e) {
            // the limits (aliases, nesting, size) throw without a mark: the parser knows where it stopped
            tree.errors.add(new SpecError("", null, null, limitMessage(e)));
            tree.placeLastError(parser);
            return tree;
        }
        if (node == null) {
            tree.errors.add(new SpecError("", 1, 1, "the file is empty: start with 'version: 1' and 'services:'"));
            return tree;
        }
        if (!(node instanceof MappingNode)) {
            tree.errors.add(SpecError.at("", position(node.getStartMark()),
                    "the file must be a mapping with 'version' and 'services' at the top"));
            return tree;
        }
        try {
            tree.root = tree.convert(node, "", 1);
        } catch (TooLarge e) {
            tree.errors.add(e.error);
            tree.root = null;
        }
        return tree;
    }

    /** The tree; null when the text could not be read or was too large. */
    JsonNode root() {
        return root;
    }

    /** What made the text unreadable, or keys written twice; empty when the text was read cleanly. */
    List<SpecError> errors() {
        return errors;
    }

    @Override
    public Position value(String path) {
        return values.get(path);
    }

    @Override
    public Position key(String path) {
        return keys.get(path);
    }

    @Override
    public String written(String path) {
        return written.get(path);
    }

    private JsonNode convert(Node node, String path, int depth) {
        if (++nodes > MAX_NODES) {
            throw new TooLarge(SpecError.at(path, position(node.getStartMark()), "the file expands to more than "
                    + MAX_NODES + " values: do aliases (*name) repeat a large part of it?"));
        }
        if (depth > MAX_DEPTH) {
            throw new TooLarge(SpecError.at(path, position(node.getStartMark()),
                    "nested more than " + MAX_DEPTH + " levels deep"));
        }
        values.putIfAbsent(path, position(node.getStartMark()));
        if (node instanceof MappingNode mapping) {
            return mapping(mapping, path, depth);
        }
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = JSON.arrayNode();
            for (Node item : sequence.getValue()) {
                array.add(convert(item, SpecSource.item(path, array.size()), depth + 1));
            }
            return array;
        }
        return scalar((ScalarNode) node, path);
    }

    private ObjectNode mapping(MappingNode mapping, String path, int depth) {
        ObjectNode object = JSON.objectNode();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            Position at = position(keyNode.getStartMark());
            if (keyNode.getTag().equals(Tag.MERGE)) {
                errors.add(SpecError.at(path, at, "merge keys ('<<') are not read here: write the keys out"));
                continue;
            }
            if (!(keyNode instanceof ScalarNode scalarKey)) {
                errors.add(SpecError.at(path, at, "a key must be a name, not a list or a mapping"));
                continue;
            }
            String key = scalarKey.getValue();
            String child = SpecSource.child(path, key);
            if (object.has(key)) {
                errors.add(SpecError.at(child, at,
                        "duplicate key '" + key + "' (first at line " + keys.get(child).line() + ")"));
                continue;
            }
            keys.put(child, at);
            object.set(key, convert(tuple.getValueNode(), child, depth + 1));
        }
        return object;
    }

    /**
     * YAML's own types (YAML 1.1, as SnakeYAML resolves them) for numbers, booleans and null, so that
     * {@code port: 8080} is a number and {@code expose: yes} is true; the text is kept for env values.
     */
    private JsonNode scalar(ScalarNode scalar, String path) {
        String text = scalar.getValue();
        Tag tag = scalar.getTag();
        try {
            if (tag.equals(Tag.NULL)) {
                return JSON.nullNode();
            }
            if (tag.equals(Tag.BOOL)) {
                written.put(path, text);
                return JSON.booleanNode((Boolean) scalars.construct(scalar));
            }
            if (tag.equals(Tag.INT)) {
                written.put(path, text);
                Object number = scalars.construct(scalar);
                if (number instanceof Integer i) {
                    return JSON.numberNode(i);
                }
                if (number instanceof Long l) {
                    return JSON.numberNode(l);
                }
                return JSON.numberNode((BigInteger) number);
            }
            if (tag.equals(Tag.FLOAT)) {
                written.put(path, text);
                return JSON.numberNode(new BigDecimal(text.replace("_", "")));
            }
        } catch (RuntimeException e) {
            // .inf, .nan, 1:30.5 and the like: no JSON number; the schema says what was expected instead
        }
        return JSON.textNode(text);
    }

    private void placeLastError(Parser parser) {
        SpecError error = errors.remove(errors.size() - 1);
        Position at;
        try {
            at = position(parser.peekEvent().getStartMark());
        } catch (RuntimeException e) {
            at = new Position(1, 1);
        }
        errors.add(SpecError.at(error.path(), at, error.message()));
    }

    private static SpecError syntaxError(MarkedYAMLException e) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        Position at = mark == null ? new Position(1, 1) : position(mark);
        String problem = e.getProblem() == null ? "" : e.getProblem();
        if (problem.contains("\\t") || problem.contains("TAB")) {
            return SpecError.at("", at, "a tab indents this line: YAML indents with spaces");
        }
        String context = e.getContext();
        return SpecError.at("", at, "not valid YAML: " + problem.strip()
                + (context == null || context.isBlank() ? "" : " (" + context.strip() + ")"));
    }

    private static String limitMessage(YAMLException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("aliases")) {
            return "more than " + MAX_ALIASES + " aliases (*name) to lists or mappings";
        }
        if (message.contains("Nesting Depth")) {
            return "nested more than " + MAX_DEPTH + " levels deep";
        }
        if (message.contains("exceeds the limit")) {
            return "the file is larger than " + MAX_BYTES / 1024 + " KiB";
        }
        return "not valid YAML: " + message;
    }

    private static Position position(Mark mark) {
        return new Position(mark.getLine() + 1, mark.getColumn() + 1);
    }

    private static long ceilKib(long bytes) {
        return (bytes + 1023) / 1024;
    }

    /** SnakeYAML's own reading of YAML 1.1 ints and booleans ({@code 0x1F}, {@code 1_000}, {@code yes}). */
    private static final class ScalarConstructor extends SafeConstructor {

        ScalarConstructor(LoaderOptions options) {
            super(options);
        }

        Object construct(ScalarNode node) {
            return constructObject(node);
        }
    }

    /** Thrown out of the conversion when the tree would be too large; carries the error to report. */
    private static final class TooLarge extends RuntimeException {

        final transient SpecError error;

        TooLarge(SpecError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }
    }
}

package io.driftless.worker.registry;

/**
 * An image's tag cannot be resolved to a digest and trying again will not help: the registry has no
 * such manifest, or refuses access. The revision fails with this message.
 */
public class ImageNotResolvable extends RuntimeException {

    public ImageNotResolvable(String message) {
        super(message);
    }
}

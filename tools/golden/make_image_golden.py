#!/usr/bin/python3
"""Writes the small images and the torchvision 0.14.1 values the image-loading tests compare against.

Run with Debian's PyTorch 1.13 / torchvision 0.14.1: `/usr/bin/python3 tools/golden/make_image_golden.py`
(from the repository root). Outputs, under Tests/CnnGen.Runtime.Tests/Data/Fixtures/images/:
  folder/…              an ImageFolder tree (three classes, a nested folder, upper-case extensions, a non-image file)
  rgb.png grey.png rgb.bmp photo.jpg   single images the transform cases read
  images.json           torchvision's class list and sample order for folder/, and one case per transform chain:
                        ToTensor of the decoded file, then Resize / CenterCrop / resized_crop / hflip / Normalize on
                        the tensor image (antialias=False, bilinear), with the output shape and values.
"""
import json
import os

import numpy as np
import torch
import torchvision
import torchvision.transforms.functional as F
from PIL import Image

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "Tests", "CnnGen.Runtime.Tests", "Data", "Fixtures", "images")
rng = np.random.default_rng(2314)


def image(mode, height, width):
    channels = 3 if mode == "RGB" else 1
    array = rng.integers(0, 256, size=(height, width, channels), dtype=np.uint8)
    return Image.fromarray(array if channels == 3 else array[:, :, 0], mode)


def save(img, *parts):
    path = os.path.join(OUT, *parts)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    img.save(path)
    return path


def folder():
    save(image("RGB", 6, 5), "folder", "cat", "b.png")
    save(image("RGB", 6, 5), "folder", "cat", "a.PNG")
    save(image("L", 6, 5), "folder", "cat", "nested", "c.png")
    save(image("RGB", 6, 5), "folder", "dog", "z.bmp")
    save(image("RGB", 6, 5), "folder", "dog", "m.jpg")
    save(image("RGB", 6, 5), "folder", "Zebra", "only.png")
    with open(os.path.join(OUT, "folder", "dog", "notes.txt"), "w") as f:
        f.write("not an image\n")
    data = torchvision.datasets.ImageFolder(os.path.join(OUT, "folder"))
    root = os.path.join(OUT, "folder")
    return {"classes": data.classes,
            "samples": [[os.path.relpath(p, root), label] for p, label in data.samples]}


def flat(t):
    return [float(v) for v in t.reshape(-1).tolist()]


def case(name, file, channels, steps, tensor):
    return {"name": name, "file": file, "channels": channels, "steps": steps,
            "shape": list(tensor.shape), "values": flat(tensor)}


def decoded(file, mode):
    return F.to_tensor(Image.open(os.path.join(OUT, file)).convert(mode))


def cases():
    save(image("RGB", 13, 17), "rgb.png")
    save(image("L", 9, 11), "grey.png")
    save(image("RGB", 8, 10), "rgb.bmp")
    # A smooth picture: JPEG decoders agree closely on it (their IDCTs differ in rounding only).
    y, x = np.mgrid[0:16, 0:16]
    smooth = np.stack([x * 15, y * 15, (x + y) * 7], axis=-1).astype(np.uint8)
    Image.fromarray(smooth, "RGB").save(os.path.join(OUT, "photo.jpg"), quality=95, subsampling=0)

    rgb = decoded("rgb.png", "RGB")
    grey = decoded("grey.png", "L")
    out = [
        case("to_tensor_rgb", "rgb.png", 3, [], rgb),
        case("to_tensor_grey", "grey.png", 1, [], decoded("grey.png", "L")),
        case("to_tensor_grey_as_rgb", "grey.png", 3, [], decoded("grey.png", "RGB")),
        case("to_tensor_bmp", "rgb.bmp", 3, [], decoded("rgb.bmp", "RGB")),
        case("resize_shorter_side", "rgb.png", 3, [{"op": "resize", "size": [7]}], F.resize(rgb, [7], antialias=False)),
        case("resize_up", "rgb.png", 3, [{"op": "resize", "size": [20, 30]}], F.resize(rgb, [20, 30], antialias=False)),
        case("resize_mixed", "rgb.png", 3, [{"op": "resize", "size": [5, 40]}], F.resize(rgb, [5, 40], antialias=False)),
        case("resize_grey", "grey.png", 1, [{"op": "resize", "size": [14, 5]}], F.resize(grey, [14, 5], antialias=False)),
        case("resize_one_side_kept", "rgb.png", 3, [{"op": "resize", "size": [13, 25]}], F.resize(rgb, [13, 25], antialias=False)),
        case("center_crop", "rgb.png", 3, [{"op": "center_crop", "size": [8, 8]}], F.center_crop(rgb, [8, 8])),
        case("center_crop_odd", "rgb.png", 3, [{"op": "center_crop", "size": [10, 6]}], F.center_crop(rgb, [10, 6])),
        case("center_crop_padded", "rgb.png", 3, [{"op": "center_crop", "size": [16, 20]}], F.center_crop(rgb, [16, 20])),
        case("resized_crop", "rgb.png", 3, [{"op": "resized_crop", "top": 2, "left": 3, "height": 8, "width": 10, "size": [6, 6]}],
             F.resized_crop(rgb, 2, 3, 8, 10, [6, 6], antialias=False)),
        case("hflip", "rgb.png", 3, [{"op": "hflip"}], F.hflip(rgb)),
    ]
    mean, std = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
    chain = F.normalize(F.center_crop(F.resize(rgb, [9], antialias=False), [8, 8]), mean, std)
    out.append(case("resize_crop_normalize", "rgb.png", 3,
                    [{"op": "resize", "size": [9]}, {"op": "center_crop", "size": [8, 8]}, {"op": "normalize", "mean": mean, "std": std}], chain))
    out.append(case("to_tensor_jpeg", "photo.jpg", 3, [], decoded("photo.jpg", "RGB")))
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    data = {"torchvision": torchvision.__version__, "folder": folder(), "cases": cases()}
    with open(os.path.join(OUT, "images.json"), "w") as f:
        json.dump(data, f)


if __name__ == "__main__":
    main()

//! ImageMagick 6.9.11's colour reduction (`QuantizeImage`, its octree quantizer), as WordPress's
//! editor runs it on every size it makes of a palette PNG: at most 256 colours, no dithering, the
//! tree as deep as ImageMagick picks it. The sizes are then written as palette PNGs, so the colours
//! chosen here decide their bytes.
//!
//! The octree: every pixel descends from the root through one of 8 children a level (16 with
//! alpha), picked by one bit of each channel's 8-bit value, and each node on the way adds the
//! pixel's distance from its cube's centre to its error. Leaves sum the colours they hold. While
//! there are more leaves than colours allowed, the nodes of least error are folded into their
//! parents, from a threshold found by sorting every node's error. Each pixel then takes the
//! closest of the remaining means, searched among the siblings of the deepest node it reaches.
//!
//! Arithmetic follows ImageMagick's Q16 build without HDRI step for step, down to the order of
//! floating-point operations, its run-length shortcut (a run of equal pixels is added once, times
//! its length) and its comparisons, so that the colours come out quantum for quantum alike.

use super::magick::{
    clamp_to_quantum, perceptible_reciprocal, scale_to_char, QUANTUM_RANGE, QUANTUM_SCALE,
};
use image::{DynamicImage, ImageBuffer, Luma, LumaA, Rgb, Rgba};

/// The deepest a pixel descends while the tree still holds every colour apart.
const MAX_TREE_DEPTH: usize = 8;
/// Past this many nodes, a level of the tree is folded away before the next row.
const MAX_NODES: usize = 266_817;
const ROOT: usize = 0;

/// A pixel in ImageMagick's terms: opacity is `QuantumRange` minus alpha.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Pixel {
    red: u16,
    green: u16,
    blue: u16,
    opacity: u16,
}

/// A colour in real numbers (ImageMagick's `DoublePixelPacket`).
#[derive(Clone, Copy, Default)]
struct Real {
    red: f64,
    green: f64,
    blue: f64,
    opacity: f64,
}

struct Node {
    parent: usize,
    children: [Option<usize>; 16],
    /// Pixels summed in `total` (a leaf's, or those folded into it).
    number_unique: u64,
    total: Real,
    quantize_error: f64,
    color_number: usize,
    /// Which child of its parent it is.
    id: usize,
    level: usize,
}

struct Cube {
    /// Every node made; pruned ones stay, unreachable, as ImageMagick leaves them in its pool.
    nodes: Vec<Node>,
    /// Nodes still in the tree.
    live: usize,
    colors: usize,
    maximum_colors: usize,
    depth: usize,
    associate_alpha: bool,
    pruning_threshold: f64,
    next_threshold: f64,
}

/// `img` reduced to at most `maximum_colors` colours as `quantizeImage(maximum_colors,
/// colorspace, 0, false, false)` reduces it, in the same channels; 8-bit pictures are widened to
/// 16-bit quanta first.
pub fn reduce_colors(img: &DynamicImage, maximum_colors: usize) -> DynamicImage {
    let width = img.width() as usize;
    let matte = img.color().has_alpha();
    let mut pixels = pixels_of(img);
    let grey = pixels.iter().all(|p| p.red == p.green && p.green == p.blue);
    // Log4 of the colours, plus two; one less with alpha; grey pictures take the whole depth.
    let mut depth = 1;
    let mut colors = maximum_colors;
    while colors != 0 {
        colors >>= 2;
        depth += 1;
    }
    if matte && depth > 5 {
        depth -= 1;
    }
    if grey {
        depth = MAX_TREE_DEPTH;
    }
    let mut cube = Cube::new(depth, maximum_colors, matte);
    if width > 0 {
        cube.classify(&pixels, width, matte);
        if cube.colors > cube.maximum_colors {
            cube.reduce_colors();
        }
        cube.assign(&mut pixels, width, matte);
    }
    image_of(img, &pixels)
}

fn pixels_of(img: &DynamicImage) -> Vec<Pixel> {
    img.to_rgba16()
        .pixels()
        .map(|p| Pixel {
            red: p.0[0],
            green: p.0[1],
            blue: p.0[2],
            opacity: u16::MAX - p.0[3],
        })
        .collect()
}

/// The pixels in the channels of `like`, 16 bits each.
fn image_of(like: &DynamicImage, pixels: &[Pixel]) -> DynamicImage {
    let (w, h) = (like.width(), like.height());
    let alpha = |p: &Pixel| u16::MAX - p.opacity;
    let data: Vec<u16> = match like.color().channel_count() {
        1 => pixels.iter().map(|p| p.red).collect(),
        2 => pixels.iter().flat_map(|p| [p.red, alpha(p)]).collect(),
        3 => pixels
            .iter()
            .flat_map(|p| [p.red, p.green, p.blue])
            .collect(),
        _ => pixels
            .iter()
            .flat_map(|p| [p.red, p.green, p.blue, alpha(p)])
            .collect(),
    };
    match like.color().channel_count() {
        1 => ImageBuffer::<Luma<u16>, _>::from_raw(w, h, data).map(DynamicImage::ImageLuma16),
        2 => ImageBuffer::<LumaA<u16>, _>::from_raw(w, h, data).map(DynamicImage::ImageLumaA16),
        3 => ImageBuffer::<Rgb<u16>, _>::from_raw(w, h, data).map(DynamicImage::ImageRgb16),
        _ => ImageBuffer::<Rgba<u16>, _>::from_raw(w, h, data).map(DynamicImage::ImageRgba16),
    }
    .expect("the buffer holds width × height pixels")
}

/// ImageMagick's `ClampPixel`: a real value to the nearest quantum.
fn clamp_pixel(value: f64) -> u16 {
    if value < 0.0 {
        0
    } else if value >= QUANTUM_RANGE {
        u16::MAX
    } else {
        (value + 0.5) as u16
    }
}

/// Equal colours, and equal opacity when the picture has alpha (`IsSameColor`).
fn same_color(p: &Pixel, q: &Pixel, matte: bool) -> bool {
    p.red == q.red && p.green == q.green && p.blue == q.blue && (!matte || p.opacity == q.opacity)
}

/// How many pixels from the start of `row` are the same colour as the first.
fn run_length(row: &[Pixel], matte: bool) -> usize {
    1 + row[1..]
        .iter()
        .take_while(|q| same_color(&row[0], q, matte))
        .count()
}

impl Cube {
    fn new(depth: usize, maximum_colors: usize, associate_alpha: bool) -> Cube {
        let mut cube = Cube {
            nodes: Vec::new(),
            live: 0,
            colors: 0,
            maximum_colors,
            depth: depth.clamp(2, MAX_TREE_DEPTH),
            associate_alpha,
            pruning_threshold: 0.0,
            next_threshold: 0.0,
        };
        // The root is its own parent.
        cube.new_node(0, 0, ROOT);
        cube
    }

    fn new_node(&mut self, id: usize, level: usize, parent: usize) -> usize {
        self.live += 1;
        self.nodes.push(Node {
            parent,
            children: [None; 16],
            number_unique: 0,
            total: Real::default(),
            quantize_error: 0.0,
            color_number: 0,
            id,
            level,
        });
        self.nodes.len() - 1
    }

    fn number_children(&self) -> usize {
        if self.associate_alpha {
            16
        } else {
            8
        }
    }

    fn children(&self, node: usize) -> impl Iterator<Item = usize> + use<> {
        let n = self.number_children();
        let children = self.nodes[node].children;
        (0..n).filter_map(move |i| children[i])
    }

    /// The pixel with its colour multiplied by its alpha, when alpha counts and it is not opaque
    /// (`AssociateAlphaPixel`).
    fn associate(&self, p: &Pixel) -> Real {
        if !self.associate_alpha || p.opacity == 0 {
            return Real {
                red: f64::from(p.red),
                green: f64::from(p.green),
                blue: f64::from(p.blue),
                opacity: f64::from(p.opacity),
            };
        }
        let alpha = QUANTUM_SCALE * f64::from(u16::MAX - p.opacity);
        Real {
            red: alpha * f64::from(p.red),
            green: alpha * f64::from(p.green),
            blue: alpha * f64::from(p.blue),
            opacity: f64::from(p.opacity),
        }
    }

    /// The child a colour falls in at the level of bit `index` (`ColorToNodeId`).
    fn child_id(&self, pixel: &Real, index: usize) -> usize {
        let bit = |v: f64| (usize::from(scale_to_char(clamp_pixel(v))) >> index) & 1;
        let mut id = bit(pixel.red) | bit(pixel.green) << 1 | bit(pixel.blue) << 2;
        if self.associate_alpha {
            id |= bit(pixel.opacity) << 3;
        }
        id
    }

    /// Builds the tree from every pixel (`ClassifyImageColors`): to the whole depth while the
    /// leaves are no more than the colours allowed, then, once a row has passed that, folded to
    /// the cube's depth for the rows left.
    fn classify(&mut self, pixels: &[Pixel], width: usize, matte: bool) {
        let mut folded = false;
        for row in pixels.chunks(width) {
            if self.live > MAX_NODES {
                self.prune_level(ROOT);
                self.depth -= 1;
            }
            let depth = if folded { self.depth } else { MAX_TREE_DEPTH };
            let mut x = 0;
            while x < row.len() {
                let count = run_length(&row[x..], matte);
                self.add(&row[x], count, depth);
                x += count;
            }
            if !folded && self.colors > self.maximum_colors {
                self.prune_to_cube_depth(ROOT);
                folded = true;
            }
        }
    }

    /// One run of `count` pixels of one colour, down to `depth`; a node made at that depth is
    /// one more colour.
    fn add(&mut self, p: &Pixel, count: usize, depth: usize) {
        let pixel = self.associate(p);
        let count_f = count as f64;
        let half = QUANTUM_RANGE / 2.0;
        let mut mid = Real {
            red: half,
            green: half,
            blue: half,
            opacity: half,
        };
        let mut bisect = (QUANTUM_RANGE + 1.0) / 2.0;
        let mut node = ROOT;
        let mut index = MAX_TREE_DEPTH - 1;
        for level in 1..=depth {
            bisect *= 0.5;
            let id = self.child_id(&pixel, index);
            let step = |on: bool| if on { bisect } else { -bisect };
            mid.red += step(id & 1 != 0);
            mid.green += step(id & 2 != 0);
            mid.blue += step(id & 4 != 0);
            mid.opacity += step(id & 8 != 0);
            let child = match self.nodes[node].children[id] {
                Some(child) => child,
                None => {
                    let child = self.new_node(id, level, node);
                    self.nodes[node].children[id] = Some(child);
                    if level == depth {
                        self.colors += 1;
                    }
                    child
                }
            };
            node = child;
            let red = QUANTUM_SCALE * (pixel.red - mid.red);
            let green = QUANTUM_SCALE * (pixel.green - mid.green);
            let blue = QUANTUM_SCALE * (pixel.blue - mid.blue);
            let opacity = if self.associate_alpha {
                QUANTUM_SCALE * (pixel.opacity - mid.opacity)
            } else {
                0.0
            };
            let mut distance = red * red + green * green + blue * blue + opacity * opacity;
            if distance.is_nan() {
                distance = 0.0;
            }
            self.nodes[node].quantize_error += count_f * distance.sqrt();
            let error = self.nodes[node].quantize_error;
            self.nodes[ROOT].quantize_error += error;
            index = index.wrapping_sub(1);
        }
        let scaled = count_f * QUANTUM_SCALE;
        let leaf = &mut self.nodes[node];
        leaf.number_unique += count as u64;
        leaf.total.red += scaled * f64::from(clamp_pixel(pixel.red));
        leaf.total.green += scaled * f64::from(clamp_pixel(pixel.green));
        leaf.total.blue += scaled * f64::from(clamp_pixel(pixel.blue));
        leaf.total.opacity += if self.associate_alpha {
            scaled * f64::from(clamp_pixel(pixel.opacity))
        } else {
            0.0
        };
    }

    /// Folds a node, and all below it, into its parent (`PruneChild`).
    fn prune_child(&mut self, node: usize) {
        for child in self.children(node) {
            self.prune_child(child);
        }
        let Node {
            parent,
            id,
            number_unique,
            total,
            ..
        } = self.nodes[node];
        let parent = &mut self.nodes[parent];
        parent.number_unique += number_unique;
        parent.total.red += total.red;
        parent.total.green += total.green;
        parent.total.blue += total.blue;
        parent.total.opacity += total.opacity;
        parent.children[id] = None;
        self.live -= 1;
    }

    /// Folds every node at the cube's depth (`PruneLevel`).
    fn prune_level(&mut self, node: usize) {
        for child in self.children(node) {
            self.prune_level(child);
        }
        if self.nodes[node].level == self.depth {
            self.prune_child(node);
        }
    }

    /// Folds every node below the cube's depth (`PruneToCubeDepth`).
    fn prune_to_cube_depth(&mut self, node: usize) {
        for child in self.children(node) {
            self.prune_to_cube_depth(child);
        }
        if self.nodes[node].level > self.depth {
            self.prune_child(node);
        }
    }

    /// Every node's error, root first, depth first (`QuantizeErrorFlatten`).
    fn flatten_errors(&self, node: usize, offset: usize, errors: &mut [f64]) -> usize {
        if offset >= errors.len() {
            return 0;
        }
        errors[offset] = self.nodes[node].quantize_error;
        let mut n = 1;
        for child in self.children(node) {
            n += self.flatten_errors(child, offset + n, errors);
        }
        n
    }

    /// Folds the nodes of least error until the colours left are few enough
    /// (`ReduceImageColors`): the first threshold is the error that leaves about 110% of the
    /// colours allowed, each next one the least error that survived.
    fn reduce_colors(&mut self) {
        self.next_threshold = 0.0;
        let mut errors = vec![0.0; self.live];
        self.flatten_errors(ROOT, 0, &mut errors);
        errors.sort_by(|a, b| a.total_cmp(b));
        let keep = 110 * (self.maximum_colors + 1) / 100;
        if self.live > keep {
            self.next_threshold = errors[self.live - keep];
        }
        while self.colors > self.maximum_colors {
            self.pruning_threshold = self.next_threshold;
            self.next_threshold = self.nodes[ROOT].quantize_error - 1.0;
            self.colors = 0;
            self.reduce(ROOT);
        }
    }

    /// One pass of folding (`Reduce`).
    fn reduce(&mut self, node: usize) {
        for child in self.children(node) {
            self.reduce(child);
        }
        let Node {
            quantize_error,
            number_unique,
            ..
        } = self.nodes[node];
        if quantize_error <= self.pruning_threshold {
            self.prune_child(node);
        } else {
            if number_unique > 0 {
                self.colors += 1;
            }
            if quantize_error < self.next_threshold {
                self.next_threshold = quantize_error;
            }
        }
    }

    /// The colormap: each node holding pixels gives the mean of its colours, depth first
    /// (`DefineImageColormap`).
    fn define_colormap(&mut self, node: usize, colormap: &mut Vec<Pixel>) {
        for child in self.children(node) {
            self.define_colormap(child, colormap);
        }
        let n = &mut self.nodes[node];
        if n.number_unique == 0 {
            return;
        }
        let alpha = perceptible_reciprocal(n.number_unique as f64);
        let mean = |total: f64, gamma: f64| clamp_to_quantum(alpha * gamma * QUANTUM_RANGE * total);
        let plain = |total: f64| clamp_to_quantum(alpha * QUANTUM_RANGE * total);
        let mut entry = Pixel {
            red: plain(n.total.red),
            green: plain(n.total.green),
            blue: plain(n.total.blue),
            opacity: 0,
        };
        if self.associate_alpha {
            entry.opacity = clamp_to_quantum(alpha * QUANTUM_RANGE * n.total.opacity);
            if entry.opacity != 0 {
                // The sums were of colours times alpha: divide the mean alpha out again.
                let gamma = perceptible_reciprocal(
                    QUANTUM_SCALE * (QUANTUM_RANGE - f64::from(entry.opacity)),
                );
                entry.red = mean(n.total.red, gamma);
                entry.green = mean(n.total.green, gamma);
                entry.blue = mean(n.total.blue, gamma);
            }
        }
        n.color_number = colormap.len();
        colormap.push(entry);
    }

    /// Gives each pixel its closest colour of the colormap (`AssignImageColors`, without
    /// dithering).
    fn assign(&mut self, pixels: &mut [Pixel], width: usize, matte: bool) {
        let mut colormap = Vec::new();
        self.define_colormap(ROOT, &mut colormap);
        for row in pixels.chunks_mut(width) {
            let mut x = 0;
            while x < row.len() {
                let count = run_length(&row[x..], matte);
                let target = self.associate(&row[x]);
                let mut node = ROOT;
                for index in (1..MAX_TREE_DEPTH).rev() {
                    match self.nodes[node].children[self.child_id(&target, index)] {
                        Some(child) => node = child,
                        None => break,
                    }
                }
                let mut closest = Closest {
                    target,
                    distance: 4.0 * (QUANTUM_RANGE + 1.0) * (QUANTUM_RANGE + 1.0) + 1.0,
                    color_number: 0,
                };
                self.closest_color(self.nodes[node].parent, &colormap, &mut closest);
                let entry = colormap[closest.color_number];
                for p in &mut row[x..x + count] {
                    p.red = entry.red;
                    p.green = entry.green;
                    p.blue = entry.blue;
                    if self.associate_alpha {
                        p.opacity = entry.opacity;
                    }
                }
                x += count;
            }
        }
    }

    /// The closest colormap entry to the target among `node` and all below it, the later of
    /// equals winning (`ClosestColor`).
    fn closest_color(&self, node: usize, colormap: &[Pixel], closest: &mut Closest) {
        for child in self.children(node) {
            self.closest_color(child, colormap, closest);
        }
        let n = &self.nodes[node];
        if n.number_unique == 0 {
            return;
        }
        let p = colormap[n.color_number];
        let q = &closest.target;
        let (alpha, beta) = if self.associate_alpha {
            (
                QUANTUM_SCALE * f64::from(u16::MAX - p.opacity),
                QUANTUM_SCALE * (QUANTUM_RANGE - q.opacity),
            )
        } else {
            (1.0, 1.0)
        };
        // Each channel's share is added only while the sum can still win.
        let mut distance = 0.0;
        for (a, b) in [(p.red, q.red), (p.green, q.green), (p.blue, q.blue)] {
            let d = alpha * f64::from(a) - beta * b;
            distance += d * d;
            if distance > closest.distance {
                return;
            }
        }
        if self.associate_alpha {
            let d = f64::from(u16::MAX - p.opacity) - (QUANTUM_RANGE - q.opacity);
            distance += d * d;
        }
        if distance <= closest.distance {
            closest.distance = distance;
            closest.color_number = n.color_number;
        }
    }
}

/// The search of [`Cube::closest_color`]: its target and the best found so far.
struct Closest {
    target: Real,
    distance: f64,
    color_number: usize,
}

#[cfg(test)]
mod tests {
    use super::super::magick::fixture;
    use super::*;

    /// `quantizeImage(256, getColorspace(), 0, false, false)` through PHP's Imagick (ImageMagick
    /// 6.9.11-60 Q16, as Debian builds it), as WordPress 6.9.7's editor calls it on a size of a
    /// palette PNG, on 48×36 sizes of six pictures: colours with and without alpha, grey, black
    /// and white, a photo with and without alpha. Every quantum must match.
    #[test]
    fn reducing_colours_matches_imagemagick_quantum_for_quantum() {
        for picture in ["pal", "pal-trns", "gray-pal", "bw", "rgb", "rgba"] {
            let source = fixture(&format!("quantize-{picture}.png"));
            let theirs = fixture(&format!("quantize-{picture}-256.png")).to_rgba16();
            let ours = reduce_colors(&source, 256).to_rgba16();
            let differing = ours
                .pixels()
                .zip(theirs.pixels())
                .filter(|(a, b)| a != b)
                .count();
            assert_eq!(differing, 0, "{picture}: pixels unlike ImageMagick's");
        }
    }
}

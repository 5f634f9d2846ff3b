// Caffe layers whose archcalc ops depend on the shape of their input, which
// the importer computes as it goes: Slice (one slice per top), Crop (a slice
// per cropped axis, to the reference blob's size), Reshape (Caffe's 0 copies
// an input dim) and Interp (an integer bilinear upsampling). Shapes here are
// without the batch, as archcalc's; Caffe's axis numbers count it (axis 1 is
// the channels).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "io/prototxt/caffe_layers.hpp"

namespace archcalc::prototxt {

// One archcalc layer a shaped Caffe layer becomes.
struct ShapedStep {
  std::string name;      // the layer's name
  Op op;                 // attributes parsed
  int top = -1;          // the top it writes; -1: the next step reads it
  bool chained = false;  // reads the previous step's output (else bottom 0)
};

// Translates a layer of `role` (kSlice, kCrop, kReshape, kInterp): `layer`
// reads the layer message, `name` is the layer's name, `bottoms` the shapes
// of its bottoms, `tops` its top names. An empty result: the top is the
// bottom (a Crop to the same size). Throws InputError at the field that does
// not map.
std::vector<ShapedStep> translate_shaped(CaffeRole role, const Params& layer,
                                         const std::string& name, const SourcePos& at,
                                         std::span<const Shape> bottoms,
                                         const std::vector<std::string>& tops);

}  // namespace archcalc::prototxt

{
  # Native kernels for graph propagation, negative sampling and top-K (graph/native).
  # Built by scripts/build-native.mjs on the machine that runs it, hence native CPU flags;
  # override with PIPELINE_NATIVE_ARCH="..." (e.g. "-mavx2 -mfma") when building for another CPU.
  "variables": {
    "arch_flags%": "",
  },
  "targets": [
    {
      "target_name": "pipeline_kernels",
      "sources": [
        "graph/native/addon.cc",
        "graph/native/spmm.cc",
        "graph/native/rows.cc",
        "graph/native/sampling.cc",
        "graph/native/topk.cc",
        "graph/native/adam.cc",
        "graph/native/gemm.cc",
        "graph/native/losses.cc",
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NODE_ADDON_API_DISABLE_DEPRECATED", "NAPI_CPP_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-std=c++17", "-std=gnu++20", "-std=c++20"],
      "cflags_cc": ["-std=gnu++17", "-O3", "-ffp-contract=fast", "-fexceptions", "-Wall", "-Wno-unused-parameter"],
      "ldflags": ["-pthread"],
      "conditions": [
        ["arch_flags!=''", {"cflags_cc": ["<@(arch_flags)"]}],
        ["arch_flags=='' and target_arch=='x64'", {"cflags_cc": ["-march=native"]}],
        ["arch_flags=='' and target_arch=='arm64' and OS!='mac'", {"cflags_cc": ["-mcpu=native"]}],
        ["OS=='mac'", {
          "xcode_settings": {
            "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
            "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
            "OTHER_CPLUSPLUSFLAGS": ["-O3", "-ffp-contract=fast"],
          },
        }],
        ["OS=='win'", {
          "msvs_settings": {"VCCLCompilerTool": {"ExceptionHandling": 1, "AdditionalOptions": ["/O2", "/std:c++17"]}},
        }],
      ],
    },
  ],
}

//! The `bloc-atlas` program: everything lives in the library; see [`bloc_atlas::cli`].

fn main() -> std::process::ExitCode {
    bloc_atlas::cli::main()
}

"""Reading and writing: the safe model format and data readers/writers."""

from .model_format import load_model_dir, save_model_dir

__all__ = ["load_model_dir", "save_model_dir"]

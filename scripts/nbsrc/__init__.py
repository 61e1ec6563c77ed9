"""The notebooks' cells: common.py holds what they share, chNN.py one notebook each."""

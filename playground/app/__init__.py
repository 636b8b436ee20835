"""The Streamlit app: `streamlit run playground/app/main.py` (see main.py)."""
